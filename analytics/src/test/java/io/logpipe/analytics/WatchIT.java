package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SparkTestSession;
import io.logpipe.lake.LateTrace;
import io.logpipe.lake.PartFileName;
import io.logpipe.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
            "200ms");
    try {
      awaitSummary(output, s -> s.path("total_requests").asLong() == 80, captured);
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
      // The file and its trace appear one after the other (as the sink's renames do): a poll in
      // between computes the hour for its changed files, the next one for its late trace.
      String lateDone =
          "hour 2025-12-24T10 done: 87 rows (late rows: 1 file(s) published after _SUCCESS)";
      // Its refresh logged, no pass is rewriting the tables any more.
      Await.until(
          DEADLINE,
          "the watch computing hour 10 again for its late trace, and refreshing the tables",
          () -> captured.toString(StandardCharsets.UTF_8),
          log ->
              log.contains(lateDone) && log.indexOf("tables refreshed", log.indexOf(lateDone)) > 0);
      awaitSummary(output, s -> s.path("total_requests").asLong() == 127, captured);
      assertThat(hours(output))
          .containsExactly(Map.entry("2025-12-24/10", 87L), Map.entry("2025-12-24/11", 40L));
      List<String> computed =
          captured
              .toString(StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.startsWith("hour "))
              .map(l -> l.replaceFirst(", \\d+ of \\d+ hour\\(s\\) in .*$", ""))
              .toList();
      assertThat(computed)
          .as("one line per hour computed: 10, 11, then 10 again (twice if the file came first)")
          .startsWith(
              "hour 2025-12-24T10 done: 80 rows (new _SUCCESS)",
              "hour 2025-12-24T11 done: 40 rows (new _SUCCESS)")
          .endsWith(lateDone)
          .hasSizeBetween(3, 4);
      if (computed.size() == 4) {
        assertThat(computed.get(2))
            .isEqualTo("hour 2025-12-24T10 done: 87 rows (files changed since its partials)");
      }
      assertThat(output.resolve("report.html")).isRegularFile();
      assertThat(watch.running()).isTrue();
    } finally {
      watch.close();
    }
    assertThat(watch.running()).as("close() returns once the loop has stopped").isFalse();
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
