package io.logpipe.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.embedded.testing.TopicRecords;
import io.logpipe.metrics.PrometheusEndpoint;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.testing.MixedLogLines;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The programmatic runner on a real broker: topic creation, counters, Prometheus text, clean close.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class StreamProcessorIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @Test
  void runsCreatesTopicsCountsAndServesPrometheusMetrics(EmbeddedKafka kafka) throws Exception {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> overrides =
        Map.of(
            "application.id",
            "runner-it" + suffix,
            "state.dir",
            Path.of(System.getProperty("java.io.tmpdir"), "runner-it" + suffix).toString(),
            ProcessorConfig.RAW_TOPIC,
            "raw" + suffix,
            ProcessorConfig.CURATED_TOPIC,
            "curated" + suffix,
            ProcessorConfig.REJECTED_TOPIC,
            "rejected" + suffix,
            ProcessorConfig.STATUS_COUNTS_TOPIC,
            "counts" + suffix,
            ProcessorConfig.TOPIC_PARTITIONS,
            "2");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var lines =
        MixedLogLines.generate(2_000, Instant.now().minus(Duration.ofHours(1)), 1_000_000, 3);
    long valid = lines.stream().filter(MixedLogLines.Line::valid).count();

    try (StreamProcessor processor =
            StreamProcessor.start(kafka.bootstrapServers(), overrides, registry);
        PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, 0)) {
      assertThat(processor.awaitRunning(DEADLINE)).isTrue();
      try (var admin = kafka.admin()) {
        assertThat(admin.listTopics().names().get())
            .contains("raw" + suffix, "curated" + suffix, "rejected" + suffix, "counts" + suffix);
        assertThat(
                admin
                    .describeTopics(java.util.List.of("curated" + suffix))
                    .allTopicNames()
                    .get()
                    .get("curated" + suffix)
                    .partitions())
            .hasSize(2);
      }
      Properties pp = new Properties();
      pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (var producer =
          new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
        lines.forEach(l -> producer.send(new ProducerRecord<>("raw" + suffix, l.bytes())));
      }
      try (var curated =
              TopicRecords.withStringKeys(
                  kafka.bootstrapServers(), "curated" + suffix, LogpipeSerdes.logEvent());
          var rejected =
              TopicRecords.withStringKeys(
                  kafka.bootstrapServers(), "rejected" + suffix, LogpipeSerdes.rejectedLine())) {
        assertThat(curated.readAtLeast(valid, DEADLINE)).hasSize((int) valid);
        assertThat(rejected.readAtLeast(lines.size() - valid, DEADLINE))
            .hasSize((int) (lines.size() - valid));
      }
      // Counters count processing attempts: with exactly-once, a task that re-processes after a
      // fence or a transaction timeout counts its lines again, so they are lower bounds. The exact
      // checks are on the read_committed topic contents above.
      assertThat(processor.metrics().linesIn()).isGreaterThanOrEqualTo(lines.size());
      assertThat(processor.metrics().curatedCount()).isGreaterThanOrEqualTo(valid);
      assertThat(processor.metrics().rejectedTotal()).isGreaterThanOrEqualTo(lines.size() - valid);
      long malformed =
          lines.stream().filter(l -> l.expectedReason() == RejectReason.MALFORMED_JSON).count();
      assertThat(processor.metrics().rejectedCount(RejectReason.MALFORMED_JSON))
          .isGreaterThanOrEqualTo(malformed);

      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
              .body();
      assertThat(prometheusValue(text, "logpipe_processor_lines_in_total"))
          .isGreaterThanOrEqualTo(lines.size());
      assertThat(prometheusValue(text, "logpipe_processor_curated_total"))
          .isGreaterThanOrEqualTo(valid);
      assertThat(
              prometheusValue(text, "logpipe_processor_rejected_total{reason=\"MALFORMED_JSON\"}"))
          .isGreaterThanOrEqualTo(malformed);
      assertThat(text)
          .contains("logpipe_processor_late_events_total")
          .contains("kafka_stream_"); // Kafka Streams' own metrics
      processor.close();
      assertThat(processor.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }
  }

  /**
   * The value of the sample line {@code name value} in Prometheus text; fails when the sample is
   * missing.
   */
  private static double prometheusValue(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .findFirst()
        .map(l -> Double.parseDouble(l.substring(name.length() + 1).strip()))
        .orElseThrow(() -> new AssertionError("no sample " + name + " in:\n" + text));
  }

  @Test
  void missingTopicsAreNamedWhenCreationIsDisabled(EmbeddedKafka kafka) {
    Map<String, String> overrides =
        Map.of(
            ProcessorConfig.CREATE_TOPICS,
            "false",
            ProcessorConfig.RAW_TOPIC,
            "absent_raw",
            "application.id",
            "missing-it");
    assertThatThrownBy(() -> StreamProcessor.start(kafka.bootstrapServers(), overrides, null))
        .isInstanceOf(MissingTopicsException.class)
        .hasMessageContaining("absent_raw")
        .hasMessageContaining(Topics.CURATED);

    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ProcessCommand());
    cli.setErr(new PrintWriter(err, true));
    int exit =
        cli.execute(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--no-create-topics",
            "-D",
            "logpipe.topic.raw=absent_raw");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Missing topic(s)", "absent_raw");
  }
}
