package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SparkTestSession;
import io.logpipe.lake.LateTrace;
import io.logpipe.lake.PartFileName;
import io.logpipe.testkit.Await;
import io.logpipe.testkit.HttpProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --watch} on real Spark: a long-running loop that notices an hour's new {@code _SUCCESS}
 * and an hour's late rows (the sink's trace), computes exactly those and refreshes the tables.
 */
class WatchIT {

  private static final LocalDateTime H10 = LocalDateTime.of(2025, 12, 24, 10, 0);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void computesEachHourWhenItCompletesAndAgainWhenLateRowsReachIt() throws Exception {
    Path lake = tmp.resolve("lake");
    Path output = tmp.resolve("out");
    LakeFixture.write(spark, lake, LakeFixture.events(31, 80, H10), List.of("2025-12-24/10"));
    // Hour 11 is still being written: no _SUCCESS, so the watch leaves it alone.
    LakeFixture.write(spark, lake, LakeFixture.events(32, 40, H10.plusHours(1)), List.of());

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    LakeWatch watch =
        BatchAnalytics.startWatch(
            spark,
            out,
            out,
            "--lake",
            lake.toString(),
            "--output",
            output.toString(),
            "--poll-interval",
            "200ms",
            "--metrics-port",
            "0");
    try {
      awaitSummary(output, s -> s.path("total_requests").asLong() == 80, captured);
      String metrics = watch.metricsUrl().orElseThrow();
      String scraped =
          HttpProbe.await(
                  DEADLINE,
                  metrics,
                  r -> r.body().contains("logpipe_analytics_hours_computed_total 1.0"))
              .body();
      assertThat(scraped)
          .contains(
              "logpipe_analytics_polls_total{outcome=\"refreshed\"} 1.0",
              "logpipe_analytics_period_hours 1.0",
              "logpipe_analytics_period_requests 80.0",
              "logpipe_analytics_refresh_seconds_count 1",
              "logpipe_stage_ready{stage=\"analytics\"} 1.0",
              "jvm_memory_used_bytes");
      assertThat(scraped).containsPattern("logpipe_analytics_last_refresh_timestamp_seconds [1-9]");
      HttpResponse<String> ready = HttpProbe.get(metrics.replace("/metrics", "/readyz"));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("analytics");
      assertThat(hours(output)).containsExactly(Map.entry("2025-12-24/10", 80L));
      assertThat(captured.toString(StandardCharsets.UTF_8))
          .contains("hour 2025-12-24T10 done: 80 rows (new _SUCCESS)")
          .doesNotContain("hour 2025-12-24T11 done");

      // The sink marks hour 11 complete.
      Files.writeString(lake.resolve("curated/dt=2025-12-24/hour=11/_SUCCESS"), "");
      awaitSummary(output, s -> s.path("total_requests").asLong() == 120, captured);
      assertThat(hours(output))
          .containsExactly(Map.entry("2025-12-24/10", 80L), Map.entry("2025-12-24/11", 40L));

      // Late rows reach hour 10, with the sink's trace.
      List<LogEventRow> late = LakeFixture.events(33, 7, H10);
      LakeFixture.writeParquet(spark, lake.resolve("curated").toUri().toString(), late);
      PartFileName file = new PartFileName("logs_curated", 0, 900, 906, "snappy");
      Files.writeString(
          lake.resolve("curated/dt=2025-12-24/hour=10").resolve(LateTrace.of(file).name()),
          LateTrace.content(file, late.size()));
      awaitSummary(output, s -> s.path("total_requests").asLong() == 127, captured);
      // The sink renames the data file, then its trace: a poll between the two computes hour 10
      // for the changed files, and the next one again for the trace.
      String lateDone =
          "hour 2025-12-24T10 done: 87 rows (late rows: 1 file(s) published after _SUCCESS)";
      Await.until(
          DEADLINE, "hour 10 computed for its late rows", () -> log(captured).contains(lateDone));
      assertThat(hours(output))
          .containsExactly(Map.entry("2025-12-24/10", 87L), Map.entry("2025-12-24/11", 40L));
      List<String> done = log(captured).lines().filter(l -> l.startsWith("hour ")).toList();
      assertThat(done.subList(0, 2))
          .containsExactly(
              "hour 2025-12-24T10 done: 80 rows (new _SUCCESS), 1 of 1 hour(s)"
                  + done.get(0).substring(done.get(0).indexOf(" in ")),
              "hour 2025-12-24T11 done: 40 rows (new _SUCCESS), 1 of 1 hour(s)"
                  + done.get(1).substring(done.get(1).indexOf(" in ")));
      assertThat(done.subList(2, done.size()))
          .as("after 10 and 11, only hour 10 again, at most twice")
          .hasSizeBetween(1, 2)
          .allMatch(l -> l.startsWith("hour 2025-12-24T10 done: 87 rows"));
      assertThat(done.get(done.size() - 1)).startsWith(lateDone);
      assertThat(output.resolve("report.html")).isRegularFile();
      assertThat(watch.running()).isTrue();
      String settled =
          HttpProbe.await(
                  DEADLINE,
                  metrics,
                  r ->
                      r.body()
                          .contains("logpipe_analytics_hours_computed_total " + done.size() + ".0"))
              .body();
      assertThat(settled)
          .as("one refresh per hour computed, idle polls between")
          .contains("logpipe_analytics_polls_total{outcome=\"refreshed\"} " + done.size() + ".0")
          .containsPattern("logpipe_analytics_polls_total\\{outcome=\"idle\"} [1-9]")
          .contains(
              "logpipe_analytics_period_hours 2.0", "logpipe_analytics_period_requests 127.0");
    } finally {
      watch.close();
    }
    assertThat(watch.running()).as("close() returns once the loop has stopped").isFalse();
    String url = watch.metricsUrl().orElseThrow();
    assertThatThrownBy(() -> HttpProbe.get(url))
        .as("close() stops serving metrics")
        .isInstanceOf(java.io.IOException.class);
  }

  private static String log(ByteArrayOutputStream captured) {
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, Long> hours(Path output) {
    Map<String, Long> m = new TreeMap<>();
    spark
        .read()
        .parquet(output.resolve("kpi_by_hour").toString())
        .collectAsList()
        .forEach(r -> m.put(r.getAs("dt") + "/" + r.getAs("hour"), r.getAs("requests")));
    return m;
  }

  /** Polls summary.json until it satisfies {@code done}, failing with the watch's log otherwise. */
  private static void awaitSummary(Path output, Predicate<JsonNode> done, ByteArrayOutputStream log)
      throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    Path summary = output.resolve("summary.json");
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(summary)) {
        try {
          if (done.test(new ObjectMapper().readTree(summary.toFile()))) {
            return;
          }
        } catch (java.io.IOException beingWritten) {
          // the watch is rewriting it: read it at the next poll
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "summary.json did not get there within "
            + DEADLINE
            + "; watch log:\n"
            + log.toString(StandardCharsets.UTF_8));
  }
}
