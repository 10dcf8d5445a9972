package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.sink.app.HdfsSinkMain;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.testkit.HttpProbe;
import io.logpipe.testkit.LogFile;
import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sink} command's monitoring, as a separate process: {@code /readyz} not ready while
 * Kafka is away, ready once its consumer joined; on {@code /metrics} the lake's freshness, the
 * watermark, the time since {@code _SUCCESS}, the commit latency histogram and each partition's
 * lag.
 */
class SinkMonitoringIT {

  private static final String TOPIC = "curated_monitoring";
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Pattern METRICS_URL =
      Pattern.compile("Prometheus metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");

  @TempDir Path tmp;

  @Test
  void readinessFollowsKafkaAndTheLakeIsMeasured() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), false, Map.of());
    kafka.createTopic(TOPIC, 2);
    // Three hours of events ending an hour ago: the watermark closes the first hours at once.
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), TOPIC, 2)) {
      producer.send(0, 3_000, 3_000, start, Duration.ofHours(3), 0);
    }
    String bootstrap = kafka.bootstrapServers();
    kafka.close(); // the sink starts while Kafka is away
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "sink-monitoring.log");
    Process sink = startSink(bootstrap, tmp.resolve("lake").toUri(), log);
    try {
      String base = LogFile.awaitMatch(DEADLINE, log, METRICS_URL, sink);
      HttpResponse<String> waiting = HttpProbe.get(base + "/readyz");
      assertThat(waiting.statusCode()).isEqualTo(503);
      assertThat(waiting.body()).contains("sink: not ready (");
      assertThat(HttpProbe.get(base + "/healthz").statusCode()).isEqualTo(200);

      kafka = kafka.restart();
      // Ready from the completed join on; the listener counts the partitions a moment later.
      HttpResponse<String> ready =
          HttpProbe.await(
              DEADLINE,
              base + "/readyz",
              r -> r.body().contains("sink: ready (2 partition(s) assigned)"));
      assertThat(ready.statusCode()).isEqualTo(200);
      String metrics =
          HttpProbe.await(
                  DEADLINE,
                  base + "/metrics",
                  r ->
                      value(r.body(), "logpipe_sink_rows_committed_total") >= 3_000
                          && value(r.body(), "logpipe_sink_hours_completed_total") >= 1
                          && r.body().contains("kafka_consumer_fetch_manager_records_lag{"))
              .body();
      // The newest event is from the hour before the current one: one to two hours old.
      assertThat(value(metrics, "logpipe_sink_freshness_seconds")).isBetween(3_600.0, 7_300.0);
      assertThat(value(metrics, "logpipe_sink_watermark_timestamp_seconds"))
          .isBetween(
              start.plus(Duration.ofHours(2)).getEpochSecond() * 1.0,
              Instant.now().getEpochSecond() * 1.0);
      assertThat(value(metrics, "logpipe_sink_last_success_age_seconds")).isBetween(0.0, 120.0);
      assertThat(value(metrics, "logpipe_sink_allowed_lateness_seconds")).isEqualTo(60.0);
      assertThat(metrics)
          .contains(
              "logpipe_sink_commit_latency_seconds_bucket{le=",
              "logpipe_sink_open_writers",
              "topic=\"" + TOPIC + "\"",
              "jvm_memory_used_bytes{area=\"heap\"");

      kafka.close();
      HttpResponse<String> away =
          HttpProbe.await(DEADLINE, base + "/readyz", r -> r.statusCode() == 503);
      assertThat(away.body()).contains("sink: not ready (no connection to Kafka)");
      assertThat(HttpProbe.get(base + "/healthz").statusCode()).as("still live").isEqualTo(200);
    } finally {
      sink.destroy();
      if (!sink.waitFor(60, TimeUnit.SECONDS)) {
        sink.destroyForcibly();
      }
      kafka.close();
    }
  }

  /** The value of the first sample of {@code name} (any labels) in Prometheus text; NaN if none. */
  private static double value(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  private Process startSink(String bootstrap, URI lake, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            HdfsSinkMain.class.getName(),
            "--bootstrap-servers",
            bootstrap,
            "--connect-timeout",
            "2m",
            "--lake",
            lake.toString(),
            "--topic",
            TOPIC,
            "--group-id",
            "monitoring",
            "--instance-id",
            "none",
            "--rotate-age",
            "1s",
            "--allowed-lateness",
            "1m",
            "--metrics-port",
            "0");
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("java.io.tmpdir")))
        .start();
  }
}
