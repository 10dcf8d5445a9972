package io.logpipe.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    assertThat(c.liveCountsEnabled()).isFalse();
    assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.windowGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(c.maxLineBytes()).isEqualTo(65536);
    assertThat(c.defaultHost()).isEqualTo("unknown");
    assertThat(c.createTopics()).isTrue();
    Properties p = c.streamsProperties();
    assertThat(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo("exactly_once_v2");
    assertThat(p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG))
        .isEqualTo("logpipe-stream-processor");
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
    Properties p = c.streamsProperties();
    assertThat(p.getProperty("processing.guarantee")).isEqualTo("at_least_once");
    assertThat(p.getProperty("num.stream.threads")).isEqualTo("2");
    assertThat(p.stringPropertyNames()).noneMatch(k -> k.startsWith("logpipe."));
  }

  @Test
  void durationsAcceptSeveralNotations() {
    assertThat(ProcessorConfig.parseDuration("1500")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ProcessorConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ProcessorConfig.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ProcessorConfig.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ProcessorConfig.parseDuration("pt30s")).isEqualTo(Duration.ofSeconds(30));
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
  }
}
