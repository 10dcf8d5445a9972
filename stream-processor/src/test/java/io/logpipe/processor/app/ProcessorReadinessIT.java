package io.logpipe.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.testkit.HttpProbe;
import io.logpipe.testkit.LogFile;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code process} command's {@code /readyz}, from the shaded jar: not ready while it waits for
 * Kafka, ready once Streams runs with its consumers connected, not ready (but live) while the
 * broker is away, ready again when it returns; and the per-partition lag on {@code /metrics}.
 */
class ProcessorReadinessIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Pattern METRICS_URL =
      Pattern.compile("Prometheus metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");

  @TempDir Path tmp;

  @Test
  void readyOnlyWhileRunningAndConnected() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), false, Map.of());
    String bootstrap = kafka.bootstrapServers();
    kafka.close(); // the processor starts while Kafka is away
    Path log = tmp.resolve("processor.log");
    Process processor = startProcessor(bootstrap, log);
    try {
      String base = LogFile.awaitMatch(DEADLINE, log, METRICS_URL, processor);
      HttpResponse<String> waiting = HttpProbe.get(base + "/readyz");
      assertThat(waiting.statusCode()).isEqualTo(503);
      assertThat(waiting.body()).contains("processor: not ready (connecting to Kafka at");
      assertThat(HttpProbe.get(base + "/healthz").statusCode()).isEqualTo(200);

      kafka = kafka.restart();
      HttpResponse<String> ready =
          HttpProbe.await(DEADLINE, base + "/readyz", r -> r.statusCode() == 200);
      assertThat(ready.body()).contains("processor: ready (RUNNING");
      String lag =
          HttpProbe.await(
                  DEADLINE,
                  base + "/metrics",
                  r ->
                      r.body()
                          .lines()
                          .anyMatch(
                              l ->
                                  l.startsWith("kafka_consumer_fetch_manager_records_lag{")
                                      && l.contains("topic=\"logs_raw\"")
                                      && l.contains("partition=\"0\"")))
              .body();
      assertThat(lag).contains("logpipe_stage_ready{stage=\"processor\"} 1.0", "jvm_gc_");

      kafka.close();
      HttpResponse<String> away =
          HttpProbe.await(DEADLINE, base + "/readyz", r -> r.statusCode() == 503);
      assertThat(away.body()).contains("no consumer is connected to Kafka");
      assertThat(HttpProbe.get(base + "/healthz").statusCode()).as("still live").isEqualTo(200);
    } finally {
      processor.destroy();
      if (!processor.waitFor(60, TimeUnit.SECONDS)) {
        processor.destroyForcibly();
      }
      kafka.close();
    }
  }

  private Process startProcessor(String bootstrap, Path log) throws IOException {
    Path jar = Path.of(System.getProperty("logpipe.processor.jar"));
    assertThat(jar).as("shaded jar (built in the package phase)").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx384m",
            "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
            "-jar",
            jar.toString(),
            "--bootstrap-servers",
            bootstrap,
            "--connect-timeout",
            "2m",
            "--state-dir",
            tmp.resolve("state").toString(),
            "--instance-id",
            "none",
            "--partitions",
            "1",
            "--metrics-port",
            "0");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
