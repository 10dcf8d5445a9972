package io.logpipe.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.testkit.HttpProbe;
import io.logpipe.testkit.LogFile;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest commands' monitoring, each in its own JVM: {@code produce} is not ready until Kafka
 * answers for the topic, then counts lines sent and acknowledged; {@code ingest-file --follow}
 * shows each followed file's position.
 */
class IngestMonitoringIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Pattern METRICS_URL =
      Pattern.compile("Prometheus metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");

  @TempDir Path tmp;

  @Test
  void produceIsReadyOnceKafkaAnswersAndCountsItsLines() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), false, Map.of());
    kafka.createTopic("monitored", 1);
    String bootstrap = kafka.bootstrapServers();
    kafka.close(); // produce starts while Kafka is away
    Path log = tmp.resolve("produce.log");
    Process produce =
        start(
            log,
            "produce",
            "-b",
            bootstrap,
            "-t",
            "monitored",
            "--rate",
            "500",
            "--connect-timeout",
            "2m",
            "--metrics-port",
            "0");
    try {
      String base = LogFile.awaitMatch(DEADLINE, log, METRICS_URL, produce);
      HttpResponse<String> waiting = HttpProbe.get(base + "/readyz");
      assertThat(waiting.statusCode()).isEqualTo(503);
      assertThat(waiting.body()).contains("ingest: not ready (connecting to Kafka at " + bootstrap);
      assertThat(HttpProbe.get(base + "/healthz").statusCode()).isEqualTo(200);

      kafka = kafka.restart();
      assertThat(HttpProbe.await(DEADLINE, base + "/readyz", r -> r.statusCode() == 200).body())
          .contains("ingest: ready (sending to monitored)");
      String metrics =
          HttpProbe.await(
                  DEADLINE,
                  base + "/metrics",
                  r -> value(r.body(), "logpipe_ingest_lines_acknowledged_total") >= 100)
              .body();
      assertThat(value(metrics, "logpipe_ingest_lines_sent_total"))
          .isGreaterThanOrEqualTo(value(metrics, "logpipe_ingest_lines_acknowledged_total"));
      assertThat(value(metrics, "logpipe_ingest_lines_failed_total")).isZero();
      assertThat(metrics)
          .contains(
              "logpipe_ingest_lines_in_flight",
              "kafka_producer_record_send_total{",
              "logpipe_stage_ready{stage=\"ingest\"} 1.0",
              "process_uptime_seconds");
    } finally {
      stop(produce);
      kafka.close();
    }
  }

  @Test
  void ingestFileFollowShowsEachFilesPosition() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("followed", 1);
      Path access = tmp.resolve("access.log");
      Files.writeString(access, lines(0, 50));
      Path log = tmp.resolve("follow.log");
      Process follow =
          start(
              log,
              "ingest-file",
              "-b",
              kafka.bootstrapServers(),
              "-t",
              "followed",
              "--host",
              "www.example.org",
              "--follow",
              "--poll-interval",
              "50ms",
              "--state-dir",
              tmp.resolve("state").toString(),
              "--metrics-port",
              "0",
              access.toString());
      try {
        String base = LogFile.awaitMatch(DEADLINE, log, METRICS_URL, follow);
        String sample = "logpipe_ingest_follow_position_bytes{file=\"" + access + "\"}";
        long size = Files.size(access);
        String first =
            HttpProbe.await(DEADLINE, base + "/metrics", r -> value(r.body(), sample) == size)
                .body();
        assertThat(value(first, "logpipe_ingest_follow_position_lines{file=\"" + access + "\"}"))
            .isEqualTo(50.0);
        assertThat(value(first, "logpipe_ingest_follow_file_size_bytes{file=\"" + access + "\"}"))
            .isEqualTo(size);

        Files.writeString(access, lines(50, 25), StandardOpenOption.APPEND);
        long grown = Files.size(access);
        String later =
            HttpProbe.await(DEADLINE, base + "/metrics", r -> value(r.body(), sample) == grown)
                .body();
        assertThat(value(later, "logpipe_ingest_follow_position_lines{file=\"" + access + "\"}"))
            .isEqualTo(75.0);
        assertThat(HttpProbe.await(DEADLINE, base + "/readyz", r -> r.statusCode() == 200).body())
            .contains("ingest: ready");
        assertThat(
                HttpProbe.await(
                        DEADLINE,
                        base + "/metrics",
                        r -> value(r.body(), "logpipe_ingest_lines_acknowledged_total") == 75)
                    .body())
            .contains("logpipe_ingest_lines_sent_total 75.0");
      } finally {
        stop(follow);
      }
    }
  }

  private static String lines(int from, int count) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      b.append("127.0.0.1 - - [24/Nov/2026:10:00:00 +0000] \"GET /p/")
          .append(i)
          .append(" HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"\n");
    }
    return b.toString();
  }

  /** The value of the sample {@code name} (with its labels, if given) in Prometheus text. */
  private static double value(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " ") || (!name.contains("{") && l.startsWith(name + "{")))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  private static Process start(Path log, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                IngestMain.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy(); // SIGTERM: the run flushes and prints its summary
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }
}
