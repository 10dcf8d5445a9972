package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.cli.monitoring.MonitoredMetrics;
import io.logpipe.metrics.Monitoring;
import io.logpipe.testkit.HttpProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logpipe local}'s one endpoint for all its stages, scraped during a small run: every metric
 * the Grafana dashboard and the alert rules name is served (so that a rename cannot leave a panel
 * blank or an alert silent), and {@code /readyz} is not ready before the stages run and ready,
 * naming each, once they do.
 */
class LocalMonitoringIT {

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @TempDir Path tmp;

  @Test
  void everyMonitoredMetricIsServedAndReadinessFollowsTheStages() throws Exception {
    Map<String, String> wanted = new TreeMap<>(MonitoredMetrics.names());
    MonitoredMetrics.MADE_BY_PROMETHEUS.forEach(wanted::remove);
    assertThat(wanted).hasSizeGreaterThan(20);

    StringWriter text = new StringWriter();
    try (Monitoring monitoring = Monitoring.create().serve("127.0.0.1", 0);
        PrintWriter out = new PrintWriter(text, true)) {
      String base = "http://127.0.0.1:" + monitoring.endpoint().orElseThrow().port();
      LocalPipeline pipeline = new LocalPipeline(smallRun(), monitoring, out, false);

      HttpResponse<String> before = HttpProbe.get(base + "/readyz");
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(before.body()).contains("pipeline: not ready (starting)");
      assertThat(HttpProbe.get(base + "/healthz").statusCode()).isEqualTo(200);

      CompletableFuture<LocalResult> run = CompletableFuture.supplyAsync(() -> run(pipeline));
      try {
        assertThat(pipeline.awaitKeptRunning(DEADLINE)).as("kept running; %s", text).isTrue();
        HttpResponse<String> ready =
            HttpProbe.await(DEADLINE, base + "/readyz", r -> r.statusCode() == 200);
        assertThat(ready.body())
            .contains(
                "pipeline: ready (kept running)",
                "kafka: ready (in-process at",
                "processor: ready (RUNNING",
                "sink: ready (1 partition(s) assigned)");
        assertThat(HttpProbe.get(base + "/healthz").statusCode()).isEqualTo(200);

        // Kafka's per-partition meters appear at the binders' next refresh after an assignment.
        HttpResponse<String> scrape =
            HttpProbe.await(
                DEADLINE,
                base + "/metrics",
                r -> MonitoredMetrics.sampleNames(r.body()).containsAll(wanted.keySet()));
        Set<String> served = MonitoredMetrics.sampleNames(scrape.body());
        assertThat(wanted)
            .allSatisfy(
                (name, where) ->
                    assertThat(served).as("%s, used by %s", name, where).contains(name));
        assertThat(scrape.body())
            .contains(
                "logpipe_stage_ready{stage=\"processor\"} 1.0",
                "logpipe_stage_ready{stage=\"sink\"} 1.0",
                "logpipe_ingest_lines_acknowledged_total 3000.0",
                "topic=\"logs_raw\"",
                "topic=\"logs_curated\"");
      } finally {
        pipeline.requestStop();
      }
      LocalResult result = run.get(2, TimeUnit.MINUTES);
      assertThat(result.reconciliation().ok()).as("%s", text).isTrue();
    }
  }

  /** 3,000 generated events over two hours of event time, no Spark job, kept running after. */
  private LocalOptions smallRun() {
    return new LocalOptions(
        3_000L,
        null,
        0,
        7,
        Instant.parse("2026-11-20T00:00:00Z"),
        Duration.ofHours(2),
        0.05,
        0.03,
        List.of(),
        null,
        tmp.resolve("lake"),
        false,
        1,
        1,
        1,
        1,
        false,
        true,
        null,
        "127.0.0.1",
        Duration.ofMinutes(2),
        LakeFormat.FILE);
  }

  private static LocalResult run(LocalPipeline pipeline) {
    try {
      return pipeline.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
