package io.logpipe.processor.config;

import static io.logpipe.processor.config.ProcessorConfig.*;

import io.logpipe.commandline.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link ProcessorConfig} from string properties (a {@code --streams-config} file, {@code
 * -X} pairs): each {@code logpipe.*} key into its typed setting, with an error naming the key, the
 * value and what is expected; every other key is a Kafka property.
 */
final class ProcessorProperties {

  private static final Logger log = LoggerFactory.getLogger(ProcessorProperties.class);

  private static final Set<String> KEYS =
      Set.of(
          RAW_TOPIC,
          CURATED_TOPIC,
          REJECTED_TOPIC,
          STATUS_COUNTS_TOPIC,
          STATUS_COUNTS_LIVE_TOPIC,
          STATUS_COUNTS_LATE_TOPIC,
          LIVE_COUNTS_ENABLED,
          WINDOW_SIZE,
          WINDOW_GRACE,
          WINDOW_IDLE_TIMEOUT,
          COUNT_FLUSH_INTERVAL,
          ZONE,
          MAX_LINE_BYTES,
          MAX_FUTURE,
          DEFAULT_HOST,
          CREATE_TOPICS,
          TOPIC_PARTITIONS,
          TOPIC_REPLICATION);

  private final Map<String, String> props;
  private final ProcessorConfig.Builder builder = ProcessorConfig.builder();

  private ProcessorProperties(Map<String, String> props) {
    this.props = props;
  }

  static ProcessorConfig read(Map<String, String> props) {
    return new ProcessorProperties(props).read();
  }

  private ProcessorConfig read() {
    Map<String, String> kafka = new LinkedHashMap<>();
    props.forEach(
        (k, v) -> {
          if (!k.startsWith(PREFIX)) {
            kafka.put(k, v);
          } else if (!KEYS.contains(k)) {
            // Ignored rather than refused: properties files are shared between versions.
            log.warn("Ignoring unknown property {}; the processor's own are {}", k, known());
          }
        });
    builder.kafkaProperties(kafka);
    set(RAW_TOPIC, builder::rawTopic, String::trim);
    set(CURATED_TOPIC, builder::curatedTopic, String::trim);
    set(REJECTED_TOPIC, builder::rejectedTopic, String::trim);
    set(STATUS_COUNTS_TOPIC, builder::statusCountsTopic, String::trim);
    set(STATUS_COUNTS_LIVE_TOPIC, builder::statusCountsLiveTopic, String::trim);
    set(STATUS_COUNTS_LATE_TOPIC, builder::statusCountsLateTopic, String::trim);
    set(LIVE_COUNTS_ENABLED, builder::liveCountsEnabled, ProcessorProperties::bool);
    set(WINDOW_SIZE, builder::windowSize, ProcessorProperties::duration);
    set(WINDOW_GRACE, builder::windowGrace, ProcessorProperties::duration);
    set(WINDOW_IDLE_TIMEOUT, builder::windowIdleTimeout, ProcessorProperties::duration);
    set(COUNT_FLUSH_INTERVAL, builder::countFlushInterval, ProcessorProperties::duration);
    set(ZONE, builder::zone, ProcessorProperties::zone);
    set(MAX_LINE_BYTES, builder::maxLineBytes, ProcessorProperties::integer);
    set(MAX_FUTURE, builder::maxFuture, ProcessorProperties::duration);
    set(DEFAULT_HOST, builder::defaultHost, String::trim);
    set(CREATE_TOPICS, builder::createTopics, ProcessorProperties::bool);
    set(TOPIC_PARTITIONS, builder::topicPartitions, ProcessorProperties::integer);
    set(TOPIC_REPLICATION, builder::topicReplication, ProcessorProperties::shortInteger);
    try {
      return builder.build();
    } catch (ConfigException e) {
      String raw = e.key() == null ? null : props.get(e.key());
      throw raw == null ? e : e.withValue(raw);
    }
  }

  /** Parses the value of {@code key}, when given, into {@code setter}. */
  private <T> void set(String key, Consumer<T> setter, Function<String, T> parse) {
    String raw = props.get(key);
    if (raw == null) {
      return;
    }
    T value;
    try {
      value = parse.apply(raw);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new ConfigException(key, raw, e.getMessage());
    }
    setter.accept(value);
  }

  private static boolean bool(String raw) {
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("true or false");
    };
  }

  private static int integer(String raw) {
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an integer");
    }
  }

  private static short shortInteger(String raw) {
    int v = integer(raw);
    if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
      throw new IllegalArgumentException("a positive number or -1");
    }
    return (short) v;
  }

  private static ZoneId zone(String raw) {
    try {
      return ZoneId.of(raw.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("a time-zone id such as UTC or Europe/Paris");
    }
  }

  private static Duration duration(String raw) {
    try {
      return Durations.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a duration (" + Durations.ACCEPTED_FORMS + "; a bare number has no unit)");
    }
  }

  private static Set<String> known() {
    return new TreeSet<>(KEYS);
  }
}
