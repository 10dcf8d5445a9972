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
import java.util.function.BiConsumer;
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

  /** Every {@code logpipe.*} key, with how its value is parsed and set: one line per setting. */
  private static final Map<String, Setting<?>> SETTINGS = new LinkedHashMap<>();

  static {
    add(RAW_TOPIC, ProcessorConfigBuilder::rawTopic, String::trim);
    add(CURATED_TOPIC, ProcessorConfigBuilder::curatedTopic, String::trim);
    add(REJECTED_TOPIC, ProcessorConfigBuilder::rejectedTopic, String::trim);
    add(STATUS_COUNTS_TOPIC, ProcessorConfigBuilder::statusCountsTopic, String::trim);
    add(STATUS_COUNTS_LIVE_TOPIC, ProcessorConfigBuilder::statusCountsLiveTopic, String::trim);
    add(STATUS_COUNTS_LATE_TOPIC, ProcessorConfigBuilder::statusCountsLateTopic, String::trim);
    add(LIVE_COUNTS_ENABLED, ProcessorConfigBuilder::liveCountsEnabled, ProcessorProperties::bool);
    add(WINDOW_SIZE, ProcessorConfigBuilder::windowSize, ProcessorProperties::duration);
    add(WINDOW_GRACE, ProcessorConfigBuilder::windowGrace, ProcessorProperties::duration);
    add(
        WINDOW_IDLE_TIMEOUT,
        ProcessorConfigBuilder::windowIdleTimeout,
        ProcessorProperties::duration);
    add(
        COUNT_FLUSH_INTERVAL,
        ProcessorConfigBuilder::countFlushInterval,
        ProcessorProperties::duration);
    add(ZONE, ProcessorConfigBuilder::zone, ProcessorProperties::zone);
    add(MAX_LINE_BYTES, ProcessorConfigBuilder::maxLineBytes, ProcessorProperties::integer);
    add(MAX_FUTURE, ProcessorConfigBuilder::maxFuture, ProcessorProperties::duration);
    add(DEFAULT_HOST, ProcessorConfigBuilder::defaultHost, String::trim);
    add(CREATE_TOPICS, ProcessorConfigBuilder::createTopics, ProcessorProperties::bool);
    add(TOPIC_PARTITIONS, ProcessorConfigBuilder::topicPartitions, ProcessorProperties::integer);
    add(
        TOPIC_REPLICATION,
        ProcessorConfigBuilder::topicReplication,
        ProcessorProperties::shortInteger);
  }

  private record Setting<T>(
      BiConsumer<ProcessorConfigBuilder, T> setter, Function<String, T> parse) {}

  private static <T> void add(
      String key, BiConsumer<ProcessorConfigBuilder, T> setter, Function<String, T> parse) {
    SETTINGS.put(key, new Setting<>(setter, parse));
  }

  private final Map<String, String> props;
  private final ProcessorConfigBuilder builder = ProcessorConfig.builder();

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
          } else if (!SETTINGS.containsKey(k)) {
            // Ignored rather than refused: properties files are shared between versions.
            log.warn("Ignoring unknown property {}; the processor's own are {}", k, known());
          }
        });
    builder.kafkaProperties(kafka);
    SETTINGS.forEach((key, setting) -> set(key, setting));
    try {
      return builder.build();
    } catch (ConfigException e) {
      String raw = e.key() == null ? null : props.get(e.key());
      throw raw == null ? e : e.withValue(raw);
    }
  }

  /** Parses the value of {@code key}, when given, into the builder. */
  private <T> void set(String key, Setting<T> setting) {
    String raw = props.get(key);
    if (raw == null) {
      return;
    }
    T value;
    try {
      value = setting.parse().apply(raw);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new ConfigException(key, raw, e.getMessage());
    }
    setting.setter().accept(builder, value);
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
    return new TreeSet<>(SETTINGS.keySet());
  }
}
