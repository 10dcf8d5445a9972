package io.logpipe.processor.config;

import io.logpipe.schemas.Topics;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The stream processor's settings, read from ordinary properties. Keys starting with {@code
 * logpipe.} are the processor's own (constants below); every other key is a Kafka Streams / client
 * property and is passed through unchanged by {@link #streamsProperties()}.
 *
 * <p>Durations accept ISO-8601 ({@code PT1M}), a number with a unit ({@code 500ms}, {@code 30s},
 * {@code 1m}, {@code 2h}) or plain milliseconds.
 */
public final class ProcessorConfig {

  /** Source topic of raw lines. */
  public static final String RAW_TOPIC = "logpipe.topic.raw";

  /** Destination of curated {@code LogEvent}s. */
  public static final String CURATED_TOPIC = "logpipe.topic.curated";

  /** Destination of dead letters. */
  public static final String REJECTED_TOPIC = "logpipe.topic.rejected";

  /** Destination of final per-window status counts. */
  public static final String STATUS_COUNTS_TOPIC = "logpipe.topic.status-counts";

  /** Destination of live (updating) status counts, when enabled. */
  public static final String STATUS_COUNTS_LIVE_TOPIC = "logpipe.topic.status-counts-live";

  /** Topic of the events left out of a window's final count because they came after it closed. */
  public static final String STATUS_COUNTS_LATE_TOPIC = "logpipe.topic.status-counts-late";

  /** Default name of {@link #STATUS_COUNTS_LATE_TOPIC}. */
  public static final String DEFAULT_STATUS_COUNTS_LATE_TOPIC = Topics.STATUS_COUNTS_LATE;

  /** Whether live counts are published ({@code false} by default). */
  public static final String LIVE_COUNTS_ENABLED = "logpipe.live-counts.enabled";

  /** Tumbling window size (1 minute by default). */
  public static final String WINDOW_SIZE = "logpipe.window.size";

  /** How long after its end a window still accepts out-of-order events (30 s by default). */
  public static final String WINDOW_GRACE = "logpipe.window.grace";

  /** How often each task forwards its partial status counts (200 ms by default). */
  public static final String COUNT_FLUSH_INTERVAL = "logpipe.counts.flush-interval";

  /** Zone of timestamps written without an offset (UTC by default). */
  public static final String ZONE = "logpipe.zone";

  /** Longest accepted line in bytes (64 KiB by default). */
  public static final String MAX_LINE_BYTES = "logpipe.line.max-bytes";

  /**
   * How far ahead of the wall clock an event time may be before it is rejected (15 min by default).
   */
  public static final String MAX_FUTURE = "logpipe.timestamp.max-future";

  /** Host of events whose line and record headers name none. */
  public static final String DEFAULT_HOST = "logpipe.default-host";

  /** Whether the application creates missing topics (true) or refuses to start (false). */
  public static final String CREATE_TOPICS = "logpipe.topics.create";

  /** Partitions of topics the application creates. */
  public static final String TOPIC_PARTITIONS = "logpipe.topics.partitions";

  /** Replication factor of topics the application creates ({@code -1}: the broker's default). */
  public static final String TOPIC_REPLICATION = "logpipe.topics.replication-factor";

  public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_WINDOW_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_COUNT_FLUSH_INTERVAL = Duration.ofMillis(200);
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
  public static final String DEFAULT_DEFAULT_HOST = "unknown";
  public static final int DEFAULT_TOPIC_PARTITIONS = 3;
  public static final String DEFAULT_APPLICATION_ID = "logpipe-stream-processor";

  /** {@code session.timeout.ms} of the main consumer unless configured: suits static membership. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);

  /** {@code heartbeat.interval.ms} unless configured. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  private final Map<String, String> props;
  private final String rawTopic;
  private final String curatedTopic;
  private final String rejectedTopic;
  private final String statusCountsTopic;
  private final String statusCountsLiveTopic;
  private final String statusCountsLateTopic;
  private final boolean liveCountsEnabled;
  private final Duration windowSize;
  private final Duration windowGrace;
  private final Duration countFlushInterval;
  private final ZoneId zone;
  private final int maxLineBytes;
  private final Duration maxFuture;
  private final String defaultHost;
  private final boolean createTopics;
  private final int topicPartitions;
  private final short topicReplication;

  private ProcessorConfig(Map<String, String> props) {
    this.props = Map.copyOf(props);
    this.rawTopic = string(RAW_TOPIC, Topics.RAW);
    this.curatedTopic = string(CURATED_TOPIC, Topics.CURATED);
    this.rejectedTopic = string(REJECTED_TOPIC, Topics.REJECTED);
    this.statusCountsTopic = string(STATUS_COUNTS_TOPIC, Topics.STATUS_COUNTS);
    this.statusCountsLiveTopic = string(STATUS_COUNTS_LIVE_TOPIC, Topics.STATUS_COUNTS_LIVE);
    this.statusCountsLateTopic = string(STATUS_COUNTS_LATE_TOPIC, DEFAULT_STATUS_COUNTS_LATE_TOPIC);
    this.liveCountsEnabled = bool(LIVE_COUNTS_ENABLED, false);
    this.windowSize = duration(WINDOW_SIZE, DEFAULT_WINDOW_SIZE);
    this.windowGrace = duration(WINDOW_GRACE, DEFAULT_WINDOW_GRACE);
    this.countFlushInterval = duration(COUNT_FLUSH_INTERVAL, DEFAULT_COUNT_FLUSH_INTERVAL);
    if (countFlushInterval.toMillis() < 1) {
      throw new ConfigException(
          COUNT_FLUSH_INTERVAL, props.get(COUNT_FLUSH_INTERVAL), "at least 1 ms");
    }
    this.zone = zone(ZONE);
    this.maxLineBytes = positiveInt(MAX_LINE_BYTES, DEFAULT_MAX_LINE_BYTES);
    this.maxFuture =
        duration(MAX_FUTURE, io.logpipe.processor.parse.LogLineParser.DEFAULT_MAX_FUTURE);
    this.defaultHost = string(DEFAULT_HOST, DEFAULT_DEFAULT_HOST);
    this.createTopics = bool(CREATE_TOPICS, true);
    this.topicPartitions = positiveInt(TOPIC_PARTITIONS, DEFAULT_TOPIC_PARTITIONS);
    int rf = integer(TOPIC_REPLICATION, -1);
    if (rf == 0 || rf < -1 || rf > Short.MAX_VALUE) {
      throw new ConfigException(
          TOPIC_REPLICATION, props.get(TOPIC_REPLICATION), "a positive number or -1");
    }
    this.topicReplication = (short) rf;
    if (windowSize.isZero() || windowSize.isNegative()) {
      throw new ConfigException(WINDOW_SIZE, props.get(WINDOW_SIZE), "a positive duration");
    }
    if (windowGrace.isNegative()) {
      throw new ConfigException(WINDOW_GRACE, props.get(WINDOW_GRACE), "a duration >= 0");
    }
  }

  /** Reads a config from string properties; unknown {@code logpipe.*} keys are ignored. */
  public static ProcessorConfig from(Map<String, String> props) {
    return new ProcessorConfig(Objects.requireNonNull(props, "props"));
  }

  /** Reads a config from {@link Properties} (values converted with {@code String.valueOf}). */
  public static ProcessorConfig from(Properties props) {
    Map<String, String> m = new HashMap<>();
    props.stringPropertyNames().forEach(k -> m.put(k, props.getProperty(k)));
    return from(m);
  }

  /** All defaults. */
  public static ProcessorConfig defaults() {
    return from(Map.of());
  }

  /** A copy with {@code overrides} laid over these properties. */
  public ProcessorConfig with(Map<String, String> overrides) {
    Map<String, String> m = new HashMap<>(props);
    m.putAll(overrides);
    return from(m);
  }

  /**
   * Kafka Streams properties: every non-{@code logpipe.} key, over the processor's defaults ({@code
   * application.id=logpipe-stream-processor}, {@code processing.guarantee=exactly_once_v2}, {@code
   * max.poll.records=5000}, {@code producer.batch.size=262144}, {@code session.timeout.ms=30000},
   * {@code heartbeat.interval.ms=1000}).
   */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Larger polls and producer batches than the client defaults (1000 records, 16 KiB): access-log
    // records are
    // small (~250 B), and these took the processor from 70k to ~100k records/s with exactly-once on
    // 2 cores
    // (stream-processor/BENCHMARKS.md). Both are plain client properties a user can override.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
    // With static membership (the process command's --instance-id) a processor restarted within the
    // session
    // timeout takes its tasks back without a rebalance: 30 s covers a restart with room to spare,
    // and bounds how
    // long a crashed instance that does not come back holds its tasks (Kafka's default: 45 s).
    // Heartbeats every
    // second (default 3 s) let the other members see a rebalance, e.g. after a clean stop, sooner.
    // Classic protocol only: with Kafka Streams' own group protocol ("streams") the broker sets
    // both.
    if ("classic"
        .equalsIgnoreCase(props.getOrDefault(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic"))) {
      p.put(
          ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
          String.valueOf(DEFAULT_SESSION_TIMEOUT.toMillis()));
      p.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
          String.valueOf(DEFAULT_HEARTBEAT_INTERVAL.toMillis()));
    }
    props.forEach(
        (k, v) -> {
          if (!k.startsWith("logpipe.")) {
            p.put(k, v);
          }
        });
    return p;
  }

  /** All properties as given, {@code logpipe.*} included. */
  public Map<String, String> properties() {
    return props;
  }

  public String rawTopic() {
    return rawTopic;
  }

  public String curatedTopic() {
    return curatedTopic;
  }

  public String rejectedTopic() {
    return rejectedTopic;
  }

  public String statusCountsTopic() {
    return statusCountsTopic;
  }

  public String statusCountsLiveTopic() {
    return statusCountsLiveTopic;
  }

  /**
   * Where late events are counted: one {@link io.logpipe.schemas.StatusCount} per late partial
   * count (window, status, how many events arrived after the window closed). Final count + late
   * counts of a window and status = its curated events, exactly, since both are written in the same
   * transaction.
   */
  public String statusCountsLateTopic() {
    return statusCountsLateTopic;
  }

  public boolean liveCountsEnabled() {
    return liveCountsEnabled;
  }

  public Duration windowSize() {
    return windowSize;
  }

  public Duration windowGrace() {
    return windowGrace;
  }

  /** Wall-clock interval at which partial status counts are forwarded to the final count. */
  public Duration countFlushInterval() {
    return countFlushInterval;
  }

  public ZoneId zone() {
    return zone;
  }

  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** Tolerance for event times ahead of the wall clock. */
  public Duration maxFuture() {
    return maxFuture;
  }

  public String defaultHost() {
    return defaultHost;
  }

  public boolean createTopics() {
    return createTopics;
  }

  public int topicPartitions() {
    return topicPartitions;
  }

  /** Replication factor for created topics; -1 means the broker's default. */
  public short topicReplication() {
    return topicReplication;
  }

  private String string(String key, String def) {
    String v = props.get(key);
    if (v == null) {
      return def;
    }
    v = v.trim();
    if (v.isEmpty()) {
      throw new ConfigException(key, v, "a non-empty value");
    }
    return v;
  }

  private boolean bool(String key, boolean def) {
    String v = props.get(key);
    if (v == null) {
      return def;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigException(key, v, "true or false");
    };
  }

  private int integer(String key, int def) {
    String v = props.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, v, "an integer");
    }
  }

  private int positiveInt(String key, int def) {
    int v = integer(key, def);
    if (v <= 0) {
      throw new ConfigException(key, props.get(key), "a positive integer");
    }
    return v;
  }

  private ZoneId zone(String key) {
    String v = props.get(key);
    if (v == null) {
      return java.time.ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(v.trim());
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(key, v, "a time-zone id such as UTC or Europe/Paris");
    }
  }

  private Duration duration(String key, Duration def) {
    String v = props.get(key);
    if (v == null) {
      return def;
    }
    try {
      return parseDuration(v);
    } catch (RuntimeException e) {
      throw new ConfigException(
          key, v, "a duration such as PT1M, 30s, 500ms or a number of milliseconds");
    }
  }

  static Duration parseDuration(String raw) {
    String s = raw.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
    int unitAt = 0;
    while (unitAt < s.length() && Character.isDigit(s.charAt(unitAt))) {
      unitAt++;
    }
    long n = Long.parseLong(s.substring(0, unitAt));
    return switch (s.substring(unitAt).trim()) {
      case "", "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("unknown unit in " + raw);
    };
  }

  @Override
  public String toString() {
    return "ProcessorConfig{raw="
        + rawTopic
        + ", curated="
        + curatedTopic
        + ", rejected="
        + rejectedTopic
        + ", statusCounts="
        + statusCountsTopic
        + ", late="
        + statusCountsLateTopic
        + (liveCountsEnabled ? ", live=" + statusCountsLiveTopic : "")
        + ", window="
        + windowSize
        + ", grace="
        + windowGrace
        + ", zone="
        + zone
        + ", maxLineBytes="
        + maxLineBytes
        + ", defaultHost="
        + defaultHost
        + "}";
  }
}
