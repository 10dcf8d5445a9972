package io.logpipe.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

  @Test
  void defaults() {
    ProcessorConfig c = ProcessorConfig.defaults();
    assertThat(c.rawTopic()).isEqualTo("logs_raw");
    assertThat(c.curatedTopic()).isEqualTo("logs_curated");
    assertThat(c.rejectedTopic()).isEqualTo("logs_rejected");
    assertThat(c.statusCountsTopic()).isEqualTo("logs_status_counts");
    assertThat(c.statusCountsLiveTopic()).isEqualTo("logs_status_counts_live");
    assertThat(c.statusCountsLateTopic()).isEqualTo("logs_status_counts_late");
    assertThat(c.liveCountsEnabled()).isFalse();
    assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.windowGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.windowIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.countFlushInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(c.maxLineBytes()).isEqualTo(65536);
    assertThat(c.maxFuture()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.defaultHost()).isEqualTo("unknown");
    assertThat(c.createTopics()).isTrue();
    assertThat(c.topicPartitions()).isEqualTo(3);
    assertThat(c.topicReplication()).isEqualTo((short) -1);
    assertThat(c.clock()).isEqualTo(Clock.systemUTC());
    assertThat(c.bootstrapServers()).isNull();
    assertThat(c.applicationId()).isEqualTo("logpipe-stream-processor");
    Properties p = c.streamsProperties();
    assertThat(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo("exactly_once_v2");
    assertThat(p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG))
        .isEqualTo("logpipe-stream-processor");
    assertThat(p.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("500");
  }

  @Test
  void commitIntervalIsLeftToKafkaStreamsUnderAtLeastOnceAndToTheUser() {
    Properties alos =
        ProcessorConfig.from(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once"))
            .streamsProperties();
    assertThat(alos.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isNull();
    Properties own =
        ProcessorConfig.from(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"))
            .streamsProperties();
    assertThat(own.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
  }

  @Test
  void overridesAndPassThrough() {
    ProcessorConfig c =
        ProcessorConfig.from(
            Map.of(
                ProcessorConfig.WINDOW_SIZE,
                "PT5M",
                ProcessorConfig.WINDOW_GRACE,
                "10s",
                ProcessorConfig.ZONE,
                "Europe/Paris",
                ProcessorConfig.MAX_LINE_BYTES,
                "1024",
                ProcessorConfig.LIVE_COUNTS_ENABLED,
                "true",
                ProcessorConfig.RAW_TOPIC,
                "raw2",
                "processing.guarantee",
                "at_least_once",
                "num.stream.threads",
                "2"));
    assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.windowGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(c.maxLineBytes()).isEqualTo(1024);
    assertThat(c.liveCountsEnabled()).isTrue();
    assertThat(c.rawTopic()).isEqualTo("raw2");
    assertThat(c.kafkaProperties())
        .containsOnly(
            Map.entry("processing.guarantee", "at_least_once"),
            Map.entry("num.stream.threads", "2"));
    Properties p = c.streamsProperties();
    assertThat(p.getProperty("processing.guarantee")).isEqualTo("at_least_once");
    assertThat(p.getProperty("num.stream.threads")).isEqualTo("2");
    assertThat(p.stringPropertyNames()).noneMatch(k -> k.startsWith("logpipe."));
  }

  @Test
  void propertiesAndTheBuilderMakeTheSameConfig() {
    Map<String, String> props =
        Map.ofEntries(
            Map.entry(ProcessorConfig.RAW_TOPIC, "r"),
            Map.entry(ProcessorConfig.CURATED_TOPIC, "c"),
            Map.entry(ProcessorConfig.REJECTED_TOPIC, "x"),
            Map.entry(ProcessorConfig.STATUS_COUNTS_TOPIC, "s"),
            Map.entry(ProcessorConfig.STATUS_COUNTS_LIVE_TOPIC, "l"),
            Map.entry(ProcessorConfig.STATUS_COUNTS_LATE_TOPIC, "late"),
            Map.entry(ProcessorConfig.LIVE_COUNTS_ENABLED, "yes"),
            Map.entry(ProcessorConfig.WINDOW_SIZE, "5m"),
            Map.entry(ProcessorConfig.WINDOW_GRACE, "0s"),
            Map.entry(ProcessorConfig.WINDOW_IDLE_TIMEOUT, "45s"),
            Map.entry(ProcessorConfig.COUNT_FLUSH_INTERVAL, "20ms"),
            Map.entry(ProcessorConfig.ZONE, "Europe/Paris"),
            Map.entry(ProcessorConfig.MAX_LINE_BYTES, "2048"),
            Map.entry(ProcessorConfig.MAX_FUTURE, "1h"),
            Map.entry(ProcessorConfig.DEFAULT_HOST, " fallback "),
            Map.entry(ProcessorConfig.CREATE_TOPICS, "off"),
            Map.entry(ProcessorConfig.TOPIC_PARTITIONS, "6"),
            Map.entry(ProcessorConfig.TOPIC_REPLICATION, "3"),
            Map.entry("bootstrap.servers", "k:9092"));
    ProcessorConfig typed =
        ProcessorConfig.builder()
            .rawTopic("r")
            .curatedTopic("c")
            .rejectedTopic("x")
            .statusCountsTopic("s")
            .statusCountsLiveTopic("l")
            .statusCountsLateTopic("late")
            .liveCountsEnabled(true)
            .windowSize(Duration.ofMinutes(5))
            .windowGrace(Duration.ZERO)
            .windowIdleTimeout(Duration.ofSeconds(45))
            .countFlushInterval(Duration.ofMillis(20))
            .zone(ZoneId.of("Europe/Paris"))
            .maxLineBytes(2048)
            .maxFuture(Duration.ofHours(1))
            .defaultHost("fallback")
            .createTopics(false)
            .topicPartitions(6)
            .topicReplication((short) 3)
            .bootstrapServers("k:9092")
            .build();
    assertThat(ProcessorConfig.from(props)).isEqualTo(typed);
    assertThat(typed.bootstrapServers()).isEqualTo("k:9092");
  }

  @Test
  void theClockIsInjectable() {
    Clock fixed = Clock.fixed(Instant.parse("2026-11-20T00:00:00Z"), ZoneOffset.UTC);
    assertThat(ProcessorConfig.builder().clock(fixed).build().clock()).isSameAs(fixed);
  }

  @Test
  void durationsAcceptSeveralNotations() {
    assertThat(window("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(window("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(window("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(window("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(window("pt30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(window("PT30S")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aBareNumberIsRefusedAsAmbiguous() {
    assertThatThrownBy(() -> window("1500"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.WINDOW_SIZE)
        .hasMessageContaining("'1500'")
        .hasMessageContaining("500ms, 30s, 15m, 6h, 2d or ISO-8601")
        .hasMessageContaining("a bare number has no unit");
  }

  private static Duration window(String value) {
    return ProcessorConfig.from(Map.of(ProcessorConfig.WINDOW_SIZE, value)).windowSize();
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.WINDOW_SIZE, "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.WINDOW_SIZE)
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.WINDOW_SIZE, "0")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.MAX_LINE_BYTES, "-5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.MAX_LINE_BYTES);
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.ZONE, "Mars/Olympus")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.ZONE);
    assertThatThrownBy(
            () -> ProcessorConfig.from(Map.of(ProcessorConfig.LIVE_COUNTS_ENABLED, "maybe")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.TOPIC_REPLICATION, "0")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(
            () -> ProcessorConfig.from(Map.of(ProcessorConfig.TOPIC_REPLICATION, "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.TOPIC_REPLICATION);
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.RAW_TOPIC, " ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.RAW_TOPIC);
  }

  @Test
  void aValueRefusedAfterParsingIsQuotedAsWritten() {
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.WINDOW_SIZE, "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value '0s' for logpipe.window.size: expected a positive duration");
    assertThatThrownBy(
            () -> ProcessorConfig.from(Map.of(ProcessorConfig.COUNT_FLUSH_INTERVAL, "PT0.0005S")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'PT0.0005S'")
        .hasMessageContaining(ProcessorConfig.COUNT_FLUSH_INTERVAL);
    assertThatThrownBy(
            () -> ProcessorConfig.from(Map.of(ProcessorConfig.WINDOW_IDLE_TIMEOUT, "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value '0s' for logpipe.window.idle-timeout: expected at least 1ms");
  }

  @Test
  void theBuilderRefusesWhatThePropertiesRefuse() {
    assertThatThrownBy(() -> ProcessorConfig.builder().windowSize(Duration.ZERO).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.WINDOW_SIZE);
    assertThatThrownBy(() -> ProcessorConfig.builder().topicPartitions(0).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ProcessorConfig.TOPIC_PARTITIONS);
    assertThatThrownBy(
            () -> ProcessorConfig.builder().kafkaProperty(ProcessorConfig.ZONE, "UTC").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected a Kafka property");
  }

  @Test
  void unknownProcessorKeysAreIgnored() {
    ProcessorConfig c = ProcessorConfig.from(Map.of("logpipe.window.sise", "5m"));
    assertThat(c).isEqualTo(ProcessorConfig.defaults());
    assertThat(c.kafkaProperties()).isEmpty();
  }
}
