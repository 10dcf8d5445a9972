package io.logpipe.processor.config;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the stream processor, typed, with its default. Build one with {@link
 * #builder()}, or read it from ordinary properties with {@link #from(Map)}: keys starting with
 * {@code logpipe.} are the processor's own (the constants below; durations in the syntax of {@link
 * io.logpipe.commandline.Durations}), every other key is a Kafka Streams / client property, passed
 * through by {@link #streamsProperties()}.
 *
 * @param rawTopic source topic of raw lines
 * @param curatedTopic destination of curated {@code LogEvent}s
 * @param rejectedTopic destination of dead letters
 * @param statusCountsTopic destination of final per-window status counts
 * @param statusCountsLiveTopic destination of live (updating) status counts, when enabled
 * @param statusCountsLateTopic where late events are counted: one {@link
 *     io.logpipe.schemas.StatusCount} per late partial count. Final count + late counts of a window
 *     and status = its curated events, exactly, since both are written in the same transaction
 * @param liveCountsEnabled whether live counts are published
 * @param windowSize tumbling window size
 * @param windowGrace how long after its end a window still accepts out-of-order events
 * @param windowIdleTimeout wall-clock time after which a raw partition that has reported no new
 *     progress stops holding the windows' watermark back (until it progresses again)
 * @param countFlushInterval wall-clock interval at which partial status counts are forwarded
 * @param zone zone of timestamps written without an offset
 * @param maxLineBytes longest accepted line in bytes
 * @param maxFuture tolerance for event times ahead of the wall clock
 * @param defaultHost host of events whose line and record headers name none
 * @param createTopics whether missing topics are created (true) or refuse the start (false)
 * @param topicPartitions partitions of topics the processor creates
 * @param topicReplication replication factor of created topics; -1: the broker's default
 * @param kafkaProperties Kafka Streams and client properties (every non-{@code logpipe.} key, e.g.
 *     {@code bootstrap.servers}, {@code state.dir}), laid over the processor's defaults
 * @param clock wall clock the parser judges event times in the future by (tests inject their own)
 */
public record ProcessorConfig(
    String rawTopic,
    String curatedTopic,
    String rejectedTopic,
    String statusCountsTopic,
    String statusCountsLiveTopic,
    String statusCountsLateTopic,
    boolean liveCountsEnabled,
    Duration windowSize,
    Duration windowGrace,
    Duration windowIdleTimeout,
    Duration countFlushInterval,
    ZoneId zone,
    int maxLineBytes,
    Duration maxFuture,
    String defaultHost,
    boolean createTopics,
    int topicPartitions,
    short topicReplication,
    Map<String, String> kafkaProperties,
    Clock clock) {

  /** Prefix of the processor's own keys; keys without it go to Kafka Streams. */
  public static final String PREFIX = "logpipe.";

  public static final String RAW_TOPIC = "logpipe.topic.raw";
  public static final String CURATED_TOPIC = "logpipe.topic.curated";
  public static final String REJECTED_TOPIC = "logpipe.topic.rejected";
  public static final String STATUS_COUNTS_TOPIC = "logpipe.topic.status-counts";
  public static final String STATUS_COUNTS_LIVE_TOPIC = "logpipe.topic.status-counts-live";
  public static final String STATUS_COUNTS_LATE_TOPIC = "logpipe.topic.status-counts-late";
  public static final String LIVE_COUNTS_ENABLED = "logpipe.live-counts.enabled";
  public static final String WINDOW_SIZE = "logpipe.window.size";
  public static final String WINDOW_GRACE = "logpipe.window.grace";
  public static final String WINDOW_IDLE_TIMEOUT = "logpipe.window.idle-timeout";
  public static final String COUNT_FLUSH_INTERVAL = "logpipe.counts.flush-interval";
  public static final String ZONE = "logpipe.zone";
  public static final String MAX_LINE_BYTES = "logpipe.line.max-bytes";
  public static final String MAX_FUTURE = "logpipe.timestamp.max-future";
  public static final String DEFAULT_HOST = "logpipe.default-host";
  public static final String CREATE_TOPICS = "logpipe.topics.create";
  public static final String TOPIC_PARTITIONS = "logpipe.topics.partitions";
  public static final String TOPIC_REPLICATION = "logpipe.topics.replication-factor";

  public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_WINDOW_GRACE = Duration.ofSeconds(30);

  /**
   * 2 min: long enough that a partition whose task is merely behind (a rebalance after a session
   * timeout of 30 s, a state restore, a catch-up in which the consumer serves some partitions
   * first: 25 s measured on a loaded machine) keeps holding the windows back; a truly silent
   * partition delays them by that much.
   */
  public static final Duration DEFAULT_WINDOW_IDLE_TIMEOUT = Duration.ofMinutes(2);

  public static final Duration DEFAULT_COUNT_FLUSH_INTERVAL = Duration.ofMillis(200);
  public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

  /**
   * 15 min: brokers refuse record timestamps more than {@code log.message.timestamp.after.max.ms}
   * (1 h) ahead, so such events are rejected well before that.
   */
  public static final Duration DEFAULT_MAX_FUTURE = Duration.ofMinutes(15);

  public static final String DEFAULT_DEFAULT_HOST = "unknown";
  public static final int DEFAULT_TOPIC_PARTITIONS = 3;

  /** The broker's default replication factor. */
  public static final short DEFAULT_TOPIC_REPLICATION = -1;

  public static final String DEFAULT_APPLICATION_ID = "logpipe-stream-processor";

  /** {@code session.timeout.ms} of the main consumer unless configured: suits static membership. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);

  /** {@code heartbeat.interval.ms} unless configured. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  /**
   * @throws ConfigException naming the key of the first setting the processor cannot use
   */
  public ProcessorConfig {
    rawTopic = topic(RAW_TOPIC, rawTopic);
    curatedTopic = topic(CURATED_TOPIC, curatedTopic);
    rejectedTopic = topic(REJECTED_TOPIC, rejectedTopic);
    statusCountsTopic = topic(STATUS_COUNTS_TOPIC, statusCountsTopic);
    statusCountsLiveTopic = topic(STATUS_COUNTS_LIVE_TOPIC, statusCountsLiveTopic);
    statusCountsLateTopic = topic(STATUS_COUNTS_LATE_TOPIC, statusCountsLateTopic);
    Objects.requireNonNull(windowSize, "windowSize");
    Objects.requireNonNull(windowGrace, "windowGrace");
    Objects.requireNonNull(windowIdleTimeout, "windowIdleTimeout");
    Objects.requireNonNull(countFlushInterval, "countFlushInterval");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(maxFuture, "maxFuture");
    Objects.requireNonNull(defaultHost, "defaultHost");
    Objects.requireNonNull(clock, "clock");
    kafkaProperties = Map.copyOf(kafkaProperties);
    require(isPositive(windowSize), WINDOW_SIZE, windowSize, "a positive duration");
    require(!windowGrace.isNegative(), WINDOW_GRACE, windowGrace, "a duration >= 0");
    require(
        windowIdleTimeout.toMillis() >= 1, WINDOW_IDLE_TIMEOUT, windowIdleTimeout, "at least 1ms");
    require(
        countFlushInterval.toMillis() >= 1,
        COUNT_FLUSH_INTERVAL,
        countFlushInterval,
        "at least 1ms");
    require(maxLineBytes > 0, MAX_LINE_BYTES, maxLineBytes, "a positive integer");
    require(!maxFuture.isNegative(), MAX_FUTURE, maxFuture, "a duration >= 0");
    require(!defaultHost.isBlank(), DEFAULT_HOST, defaultHost, "a non-empty value");
    require(topicPartitions > 0, TOPIC_PARTITIONS, topicPartitions, "a positive integer");
    require(
        topicReplication > 0 || topicReplication == -1,
        TOPIC_REPLICATION,
        topicReplication,
        "a positive number or -1");
    for (String key : kafkaProperties.keySet()) {
      require(!key.startsWith(PREFIX), key, kafkaProperties.get(key), "a Kafka property");
    }
  }

  private static String topic(String key, String name) {
    require(name != null && !name.isBlank(), key, name, "a non-empty value");
    return name.trim();
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new ConfigException(key, String.valueOf(value), expected);
    }
  }

  /** A builder with every default set. */
  public static ProcessorConfigBuilder builder() {
    return new ProcessorConfigBuilder();
  }

  /** All defaults. */
  public static ProcessorConfig defaults() {
    return builder().build();
  }

  /**
   * Reads a config from string properties: {@code logpipe.*} keys into the typed settings (unknown
   * ones are ignored with a warning), every other key into {@link #kafkaProperties()}.
   *
   * @throws ConfigException naming the key, the value and what is expected
   */
  public static ProcessorConfig from(Map<String, String> props) {
    return ProcessorProperties.read(Objects.requireNonNull(props, "props"));
  }

  /** Reads a config from {@link Properties}, as {@link #from(Map)}. */
  public static ProcessorConfig from(Properties props) {
    Map<String, String> m = new LinkedHashMap<>();
    props.stringPropertyNames().forEach(k -> m.put(k, props.getProperty(k)));
    return from(m);
  }

  /** {@code bootstrap.servers} of {@link #kafkaProperties()}, or null. */
  public String bootstrapServers() {
    return kafkaProperties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** {@code application.id} of {@link #kafkaProperties()}, else the default. */
  public String applicationId() {
    return kafkaProperties.getOrDefault(
        StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
  }

  /**
   * Kafka Streams properties: {@link #kafkaProperties()} over the processor's defaults ({@code
   * application.id=logpipe-stream-processor}, {@code processing.guarantee=exactly_once_v2}, {@code
   * max.poll.records=5000}, {@code producer.batch.size=262144}, {@code commit.interval.ms=500}
   * under exactly-once, {@code session.timeout.ms=30000}, {@code heartbeat.interval.ms=1000}).
   */
  public Properties streamsProperties() {
    return StreamsDefaults.under(kafkaProperties);
  }

  /** The settings, without {@link #kafkaProperties()} (they may hold credentials). */
  @Override
  public String toString() {
    return String.format(
        "ProcessorConfig{raw=%s, curated=%s, rejected=%s, statusCounts=%s, late=%s%s, window=%s,"
            + " grace=%s, idle=%s, flush=%s, zone=%s, maxLineBytes=%d, defaultHost=%s}",
        rawTopic,
        curatedTopic,
        rejectedTopic,
        statusCountsTopic,
        statusCountsLateTopic,
        liveCountsEnabled ? ", live=" + statusCountsLiveTopic : "",
        windowSize,
        windowGrace,
        windowIdleTimeout,
        countFlushInterval,
        zone,
        maxLineBytes,
        defaultHost);
  }
}
