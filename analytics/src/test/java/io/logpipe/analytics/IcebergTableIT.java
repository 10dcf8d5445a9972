package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.testing.Expected;
import io.logpipe.analytics.testing.IcebergFixture;
import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SparkTestSession;
import io.logpipe.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --table}: the job over an Iceberg table in the sink's layout gives exactly the tables it
 * gives over the file lake holding the same events; {@code --as-of} reads an earlier snapshot.
 */
class IcebergTableIT {

  private static final LocalDateTime H10 = LocalDateTime.of(2026, 11, 23, 10, 0);
  private static final LocalDateTime H11 = H10.plusHours(1);
  private static final LocalDateTime H12 = H10.plusHours(2);
  private static final LocalDateTime NEXT_DAY = LocalDateTime.of(2026, 11, 24, 3, 0);

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static List<LogEventRow> first;
  private static List<LogEventRow> second;

  /** The file lake with both batches, the table with each batch as one commit. */
  private static Path fileLake;

  private static Path tableLake;
  private static Snapshot firstSnapshot;
  private static Snapshot secondSnapshot;
  private static final List<String> COMPLETE = List.of("2026-11-23/10", "2026-11-23/11");

  @BeforeAll
  static void lakes() throws Exception {
    spark = SparkTestSession.start();
    first = LakeFixture.events(1, 120, H10, H11);
    // The second commit adds late rows to an hour of the first, a new hour and a new day.
    second = LakeFixture.events(2, 90, H11, H12, NEXT_DAY);
    List<LogEventRow> all = new ArrayList<>(first);
    all.addAll(second);
    fileLake = tmp.resolve("file-lake");
    LakeFixture.write(spark, fileLake, all, COMPLETE);
    tableLake = tmp.resolve("table-lake");
    Table table = IcebergFixture.create(spark, tableLake.resolve("curated").toUri().toString());
    firstSnapshot = IcebergFixture.append(spark, table, first);
    // Snapshot timestamps are in milliseconds: the second must be strictly later.
    long t = System.currentTimeMillis();
    while (System.currentTimeMillis() <= t + 1) {
      Thread.onSpinWait();
    }
    secondSnapshot = IcebergFixture.append(spark, table, second);
    IcebergFixture.mark(table, COMPLETE);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theTableGivesTheFileLakesAnswersExactly() throws Exception {
    Path fromFiles = tmp.resolve("out-files");
    Path fromTable = tmp.resolve("out-table");
    assertOk(run("--lake", fileLake.toString(), "--output", fromFiles.toString()));
    SparkTestSession.Run table =
        run("--lake", tableLake.toString(), "--table", "curated", "--output", fromTable.toString());
    assertOk(table);
    assertThat(table.err()).contains("snapshot " + secondSnapshot.snapshotId());
    assertSameTables(fromFiles, fromTable);
    JsonNode summary = new ObjectMapper().readTree(fromTable.resolve("summary.json").toFile());
    assertThat(summary.get("total_requests").asLong()).isEqualTo(first.size() + second.size());
    List<LogEventRow> all = new ArrayList<>(first);
    all.addAll(second);
    Row hour11 =
        spark
            .read()
            .parquet(fromTable.resolve("kpi_by_hour").toString())
            .where("dt = '2026-11-23' and hour = '11'")
            .first();
    List<LogEventRow> h11 =
        all.stream().filter(e -> e.dt().equals("2026-11-23") && e.hour().equals("11")).toList();
    assertThat((long) hour11.getAs("requests")).isEqualTo(Expected.of(h11).requests());
  }

  @Test
  void completeHoursAreTheTablesMarks() throws Exception {
    Path fromFiles = tmp.resolve("out-files-complete");
    Path fromTable = tmp.resolve("out-table-complete");
    assertOk(
        run("--lake", fileLake.toString(), "--complete-only", "--output", fromFiles.toString()));
    SparkTestSession.Run table =
        run(
            "--lake",
            tableLake.toString(),
            "--table",
            tableLake.resolve("curated").toString(), // by location, without a catalog
            "--complete-only",
            "--output",
            fromTable.toString());
    assertOk(table);
    assertSameTables(fromFiles, fromTable);
    JsonNode summary = new ObjectMapper().readTree(fromTable.resolve("summary.json").toFile());
    assertThat(summary.get("skipped_incomplete_hours").asInt()).isEqualTo(2);
    assertThat(summary.get("period").asText()).isEqualTo("2026-11-23T10_2026-11-23T11");
  }

  @Test
  void asOfTheFirstSnapshotGivesTheFirstBatchOnly() throws Exception {
    Path firstLake = tmp.resolve("first-batch-lake");
    LakeFixture.write(spark, firstLake, first, List.of());
    Path fromFiles = tmp.resolve("out-first-files");
    assertOk(run("--lake", firstLake.toString(), "--output", fromFiles.toString()));

    Path byId = tmp.resolve("out-first-by-id");
    assertOk(
        run(
            "--lake",
            tableLake.toString(),
            "--table",
            "curated",
            "--as-of",
            String.valueOf(firstSnapshot.snapshotId()),
            "--output",
            byId.toString()));
    assertSameTables(fromFiles, byId);

    // As it was just after the first commit, before the second.
    Path byTime = tmp.resolve("out-first-by-time");
    assertOk(
        run(
            "--lake",
            tableLake.toString(),
            "--table",
            "curated",
            "--as-of",
            Instant.ofEpochMilli(firstSnapshot.timestampMillis()).toString(),
            "--output",
            byTime.toString()));
    assertSameTables(fromFiles, byTime);

    // The same output then moved to the current snapshot: the hours that changed are recomputed.
    SparkTestSession.Run current =
        run("--lake", tableLake.toString(), "--table", "curated", "--output", byId.toString());
    assertOk(current);
    assertThat(current.out()).contains("hour 2026-11-23T11 done").contains("files changed");
    assertThat(current.out()).doesNotContain("hour 2026-11-23T10 done");
    Path allFromFiles = tmp.resolve("out-files-again");
    assertOk(run("--lake", fileLake.toString(), "--output", allFromFiles.toString()));
    // The output holds both runs' periods; the current run's equals the file lake's.
    assertSameTables(allFromFiles, byId);
  }

  @Test
  void watchFollowsTheTablesCommitsAndMarks() throws Exception {
    Path lake = tmp.resolve("watched-lake");
    Path output = tmp.resolve("out-watched");
    Table table = IcebergFixture.create(spark, lake.resolve("curated").toUri().toString());
    IcebergFixture.append(spark, table, first);
    IcebergFixture.mark(table, List.of("2026-11-23/10"));
    long h10 = first.stream().filter(e -> e.hour().equals("10")).count();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    LakeWatch watch =
        BatchAnalytics.startWatch(
            spark,
            out,
            out,
            "--lake",
            lake.toString(),
            "--table",
            "curated",
            "--output",
            output.toString(),
            "--poll-interval",
            "200ms");
    try {
      // Only the marked hour: hour 11 is in the table but not complete.
      awaitRequests(output, h10, captured);
      // A second commit adds rows to hour 11 and other hours; marking 11 brings it in, with them.
      IcebergFixture.append(spark, table, second);
      IcebergFixture.mark(table, List.of("2026-11-23/11"));
      long h11 =
          first.stream().filter(e -> e.hour().equals("11")).count()
              + second.stream()
                  .filter(e -> e.dt().equals("2026-11-23") && e.hour().equals("11"))
                  .count();
      awaitRequests(output, h10 + h11, captured);
    } finally {
      watch.close();
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("watching the Iceberg table curated")
        .contains("hour 2026-11-23T11 done");
  }

  private static void awaitRequests(Path output, long requests, ByteArrayOutputStream log)
      throws Exception {
    Path summary = output.resolve("summary.json");
    Await.until(
        Duration.ofSeconds(120),
        "summary.json with " + requests + " requests; watch said: " + log,
        () -> {
          if (!Files.isRegularFile(summary)) {
            return -1L;
          }
          try {
            return new ObjectMapper().readTree(summary.toFile()).path("total_requests").asLong();
          } catch (java.io.IOException partlyWritten) {
            return -1L;
          }
        },
        n -> n == requests);
  }

  @Test
  void anUnknownSnapshotOrATimeBeforeTheTableIsAClearError() {
    SparkTestSession.Run unknown =
        run("--lake", tableLake.toString(), "--table", "curated", "--as-of", "12345");
    assertThat(unknown.exitCode()).isEqualTo(3);
    assertThat(unknown.err())
        .contains("error: --as-of 12345: the Iceberg table")
        .contains("has no such snapshot")
        .contains(String.valueOf(firstSnapshot.snapshotId()))
        .doesNotContain("\tat ");

    SparkTestSession.Run before =
        run(
            "--lake",
            tableLake.toString(),
            "--table",
            "curated",
            "--as-of",
            "2020-01-01T00:00:00Z");
    assertThat(before.exitCode()).isEqualTo(3);
    assertThat(before.err())
        .contains("error: --as-of 2020-01-01T00:00:00Z is before the Iceberg table")
        .contains("its first is " + firstSnapshot.snapshotId())
        .doesNotContain("\tat ");

    SparkTestSession.Run noTable =
        run("--lake", fileLake.toString(), "--table", "curated", "--as-of", "1");
    assertThat(noTable.exitCode()).isEqualTo(3);
    assertThat(noTable.err()).contains("error: no Iceberg table at ");

    SparkTestSession.Run badAsOf =
        run("--lake", tableLake.toString(), "--table", "curated", "--as-of", "yesterday");
    assertThat(badAsOf.exitCode()).isEqualTo(2);
    assertThat(badAsOf.err()).contains("--as-of yesterday: expected a snapshot id");
  }

  private static SparkTestSession.Run run(String... args) {
    return SparkTestSession.run(spark, args);
  }

  private static void assertOk(SparkTestSession.Run run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
  }

  /**
   * Every row of the four tables, in a total order, and the CSV's text, are equal, over the periods
   * {@code expected} holds.
   */
  private static void assertSameTables(Path expected, Path actual) throws Exception {
    assertThat(rows(actual.resolve("kpi_by_hour"), List.of()))
        .as("kpi_by_hour")
        .isEqualTo(rows(expected.resolve("kpi_by_hour"), List.of()));
    List<String> periods = periods(expected);
    for (String t : List.of("kpi_by_host", "top_paths")) {
      assertThat(rows(actual.resolve(t), periods))
          .as(t)
          .isEqualTo(rows(expected.resolve(t), periods));
    }
    List<String> expectedCsv = csv(expected);
    assertThat(csv(actual)).containsAll(expectedCsv);
  }

  private static List<String> periods(Path output) throws Exception {
    try (Stream<Path> dirs = Files.list(output.resolve("kpi_by_host"))) {
      List<String> p =
          dirs.map(d -> d.getFileName().toString())
              .filter(n -> n.startsWith("period="))
              .map(n -> n.substring("period=".length()))
              .toList();
      assertThat(p).isNotEmpty();
      return p;
    }
  }

  private static List<Row> rows(Path table, List<String> periods) {
    var df = spark.read().parquet(table.toString());
    if (!periods.isEmpty()) {
      df = df.where(df.col("period").isin(periods.toArray()));
    }
    Column[] order = Arrays.stream(df.columns()).map(df::col).toArray(Column[]::new);
    return df.orderBy(order).collectAsList();
  }

  private static List<String> csv(Path output) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(output.resolve("top_paths_csv"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        out.add(output.relativize(f) + "\n" + Files.readString(f));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
