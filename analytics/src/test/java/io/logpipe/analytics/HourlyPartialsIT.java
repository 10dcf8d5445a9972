package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.testing.Expected;
import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SparkTestSession;
import io.logpipe.lake.LateTrace;
import io.logpipe.lake.PartFileName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-hour partials on real Spark (local[2]): what is stored for an hour equals a plain-Java
 * computation over its raw rows; {@code --hour} replaces that hour only and gives the same tables;
 * an hour that got late rows (with the sink's late trace) is computed again on the next run, and
 * only it.
 */
class HourlyPartialsIT {

  private static final LocalDateTime H10 = LocalDateTime.of(2025, 12, 24, 10, 0);
  private static final LocalDateTime H11 = H10.plusHours(1);
  private static final LocalDateTime H12 = H10.plusHours(2);
  private static final List<String> COMPLETE =
      List.of("2025-12-24/10", "2025-12-24/11", "2025-12-24/12");

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
  void storedPartialsOfAnHourEqualAPlainJavaComputationOverItsRows() throws Exception {
    Path lake = tmp.resolve("lake-partials");
    List<LogEventRow> events = LakeFixture.events(21, 300, H10, H11);
    LakeFixture.write(spark, lake, events, COMPLETE);
    Path output = tmp.resolve("out-partials");
    SparkTestSession.Run run = run(lake, output);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("hour 2025-12-24T10 done: 300 rows", "hour 2025-12-24T11 done: 300 rows");

    List<Row> stored =
        spark
            .read()
            .parquet(output.resolve("hourly").toString())
            .where("dt = '2025-12-24' and hour = '11'")
            .collectAsList();
    List<LogEventRow> hour = events.stream().filter(e -> e.ts().getHour() == 11).toList();
    Map<String, List<LogEventRow>> byHost =
        hour.stream().collect(Collectors.groupingBy(LogEventRow::host));
    Map<String, List<LogEventRow>> byPath =
        hour.stream().collect(Collectors.groupingBy(LogEventRow::path));
    Map<String, Row> hostRows = new HashMap<>();
    Map<String, Row> pathRows = new HashMap<>();
    Row hourRow = null;
    for (Row r : stored) {
      switch ((String) r.getAs("kind")) {
        case "hour" -> hourRow = r;
        case "host" -> hostRows.put(r.getAs("key"), r);
        case "path" -> pathRows.put(r.getAs("key"), r);
        default -> throw new AssertionError("unknown kind " + r.getAs("kind"));
      }
    }
    assertThat(hourRow).isNotNull();
    assertCounts(hourRow, hour);
    assertThat((long) hourRow.getAs("unique_ips")).isEqualTo(Expected.of(hour).uniqueIps());
    assertThat(hostRows.keySet()).isEqualTo(byHost.keySet());
    for (Map.Entry<String, List<LogEventRow>> h : byHost.entrySet()) {
      Row r = hostRows.get(h.getKey());
      assertCounts(r, h.getValue());
      Set<String> ips = new HashSet<>();
      h.getValue().forEach(e -> ips.add(e.ip()));
      Set<String> storedIps = new HashSet<>();
      for (int a :
          io.logpipe.analytics.partial.ClientIps.of((byte[]) r.getAs("ipv4"), new String[0])
              .ipv4()) {
        storedIps.add(
            ((a >>> 24) & 255)
                + "."
                + ((a >>> 16) & 255)
                + "."
                + ((a >>> 8) & 255)
                + "."
                + (a & 255));
      }
      storedIps.addAll(r.getList(r.fieldIndex("ips")));
      assertThat(storedIps).as("client IPs of " + h.getKey()).isEqualTo(ips);
      assertThat((long) r.getAs("unique_ips")).isEqualTo(ips.size());
    }
    assertThat(pathRows.keySet()).isEqualTo(byPath.keySet());
    for (Map.Entry<String, List<LogEventRow>> p : byPath.entrySet()) {
      assertCounts(pathRows.get(p.getKey()), p.getValue());
    }
  }

  @Test
  void reRunningOneHourReplacesItsPartialsOnlyAndGivesTheSameTables() throws Exception {
    Path lake = tmp.resolve("lake-rerun");
    LakeFixture.write(spark, lake, LakeFixture.events(22, 120, H10, H11, H12), COMPLETE);
    Path output = tmp.resolve("out-rerun");
    assertThat(run(lake, output).exitCode()).isZero();
    List<Path> h10 = LakeFixture.dataFiles(output.resolve("hourly/dt=2025-12-24/hour=10"));
    List<Path> h11 = LakeFixture.dataFiles(output.resolve("hourly/dt=2025-12-24/hour=11"));
    Map<String, List<Object>> before = tables(output);

    for (int i = 0; i < 2; i++) {
      SparkTestSession.Run again = run(lake, output, "--hour", "2025-12-24T11");
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out())
          .contains("hour 2025-12-24T11 done: 120 rows (--hour)")
          .doesNotContain("hour 2025-12-24T10 done", "hour 2025-12-24T12 done");
      assertThat(LakeFixture.dataFiles(output.resolve("hourly/dt=2025-12-24/hour=10")))
          .as("another hour's partials are not rewritten")
          .isEqualTo(h10);
      List<Path> replaced = LakeFixture.dataFiles(output.resolve("hourly/dt=2025-12-24/hour=11"));
      assertThat(replaced).as("the hour's partials are replaced, not added to").hasSameSizeAs(h11);
      assertThat(replaced).doesNotContainAnyElementsOf(h11);
      h11 = replaced;
      assertThat(tables(output)).isEqualTo(before);
    }

    // Without --hour nothing is up to date to compute: the tables come from the stored partials.
    SparkTestSession.Run plain = run(lake, output);
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(plain.out()).doesNotContain(" done: ");
    assertThat(tables(output)).isEqualTo(before);

    // Partials lost (their _INPUT left behind): the hour is computed again, with the same result.
    for (Path f : LakeFixture.dataFiles(output.resolve("hourly/dt=2025-12-24/hour=10"))) {
      Files.delete(f);
    }
    SparkTestSession.Run repaired = run(lake, output);
    assertThat(repaired.exitCode()).as(repaired.err()).isZero();
    assertThat(repaired.out()).contains("hour 2025-12-24T10 done: 120 rows");
    assertThat(tables(output)).isEqualTo(before);

    SparkTestSession.Run outside = run(lake, output, "--hour", "2025-12-24T13");
    assertThat(outside.exitCode()).isEqualTo(AnalyticsException.EXIT_BAD_INPUT);
    assertThat(outside.err()).contains("no data to analyse in --hour 2025-12-24T13");
  }

  @Test
  void anHourWithLateRowsAndTheSinksTraceIsComputedAgainAndOnlyIt() throws Exception {
    Path lake = tmp.resolve("lake-late");
    List<LogEventRow> first = LakeFixture.events(23, 100, H10, H11);
    LakeFixture.write(spark, lake, first, COMPLETE);
    Path output = tmp.resolve("out-late");
    assertThat(run(lake, output, "--complete-only").exitCode()).isZero();
    List<Path> h10 = LakeFixture.dataFiles(output.resolve("hourly/dt=2025-12-24/hour=10"));

    // Late rows land in the complete hour 11 as a new file, with the trace the sink leaves.
    List<LogEventRow> late = LakeFixture.events(24, 30, H11);
    LakeFixture.writeParquet(spark, lake.resolve("curated").toUri().toString(), late);
    Files.deleteIfExists(lake.resolve("curated/_SUCCESS"));
    Path h11dir = lake.resolve("curated/dt=2025-12-24/hour=11");
    PartFileName lateFile = new PartFileName("logs_curated", 0, 500, 529, "snappy");
    Files.writeString(
        h11dir.resolve(LateTrace.of(lateFile).name()), LateTrace.content(lateFile, late.size()));

    SparkTestSession.Run next = run(lake, output, "--complete-only");
    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(next.out())
        .contains(
            "hour 2025-12-24T11 done: 130 rows (late rows: 1 file(s) published after _SUCCESS)")
        .doesNotContain("hour 2025-12-24T10 done");
    assertThat(LakeFixture.dataFiles(output.resolve("hourly/dt=2025-12-24/hour=10")))
        .isEqualTo(h10);

    Map<String, Long> perHour = new TreeMap<>();
    for (Row r : spark.read().parquet(output.resolve("kpi_by_hour").toString()).collectAsList()) {
      perHour.put(r.getAs("dt") + "/" + r.getAs("hour"), r.getAs("requests"));
    }
    assertThat(perHour).containsEntry("2025-12-24/10", 100L).containsEntry("2025-12-24/11", 130L);
    List<LogEventRow> all = new ArrayList<>(first);
    all.addAll(late);
    Row host =
        spark
            .read()
            .parquet(output.resolve("kpi_by_host").toString())
            .where("period = '2025-12-24T10_2025-12-24T11' and host = 'api.myapp.com'")
            .first();
    List<LogEventRow> api = all.stream().filter(e -> e.host().equals("api.myapp.com")).toList();
    assertThat((long) host.getAs("requests")).isEqualTo(api.size());
    assertThat((long) host.getAs("unique_ips")).isEqualTo(Expected.of(api).uniqueIps());
    assertThat((Long) host.getAs("rt_p95")).isEqualTo(Expected.of(api).percentile(95));

    SparkTestSession.Run settled = run(lake, output, "--complete-only");
    assertThat(settled.out()).as("nothing new: nothing computed").doesNotContain(" done: ");
  }

  private static void assertCounts(Row r, List<LogEventRow> rows) {
    Expected e = Expected.of(rows);
    assertThat((long) r.getAs("requests")).isEqualTo(e.requests());
    assertThat(
            List.of(
                (long) r.getAs("status_1xx"),
                (long) r.getAs("status_2xx"),
                (long) r.getAs("status_3xx"),
                (long) r.getAs("status_4xx"),
                (long) r.getAs("status_5xx")))
        .containsExactly(e.s1xx(), e.s2xx(), e.s3xx(), e.s4xx(), e.s5xx());
    assertThat((long) r.getAs("bytes_total")).isEqualTo(e.bytesTotal());
    assertThat((long) r.getAs("rt_count")).isEqualTo(e.rtCount());
    Map<Long, Long> histogram = new TreeMap<>();
    e.sortedRt().forEach(v -> histogram.merge(v, 1L, Long::sum));
    io.logpipe.analytics.partial.RtHistogram stored =
        io.logpipe.analytics.partial.RtHistogram.fromBytes((byte[]) r.getAs("rt_histogram"));
    long[] values = stored.sortedValues();
    assertThat(values)
        .containsExactly(histogram.keySet().stream().mapToLong(Long::longValue).toArray());
    assertThat(stored.countsOf(values))
        .containsExactly(histogram.values().stream().mapToLong(Long::longValue).toArray());
  }

  /** Every table's rows, as comparable values. */
  private static Map<String, List<Object>> tables(Path output) {
    Map<String, List<Object>> t = new TreeMap<>();
    for (String table : List.of("kpi_by_hour", "kpi_by_host", "top_paths")) {
      List<Object> rows = new ArrayList<>();
      spark
          .read()
          .parquet(output.resolve(table).toString())
          .collectAsList()
          .forEach(r -> rows.add(r.toString()));
      rows.sort((a, b) -> a.toString().compareTo(b.toString()));
      t.put(table, rows);
    }
    return t;
  }

  @Test
  void aFailedWriteOfThePartialsFailsThePassAfterTheTablesWithoutInputRecordsOrSummary()
      throws Exception {
    Path lake = tmp.resolve("lake-unwritable");
    LakeFixture.write(spark, lake, LakeFixture.events(29, 50, H10), COMPLETE);
    Path output = tmp.resolve("out-unwritable");
    // A file where the hour directories of the partials must go: their write (beside the tables)
    // cannot create them.
    Files.createDirectories(output.resolve("hourly"));
    Files.writeString(output.resolve("hourly/dt=2025-12-24"), "in the way");

    SparkTestSession.Run run = run(lake, output);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("error: failed to write partials under \\S*out-unwritable/hourly: ")
        .doesNotContain("\tat ");
    assertThat(output.resolve("summary.json")).doesNotExist();
    assertThat(run.out()).doesNotContain("hour 2025-12-24T10 done");
  }

  private static SparkTestSession.Run run(Path lake, Path output, String... more) {
    List<String> args =
        new ArrayList<>(List.of("--lake", lake.toString(), "--output", output.toString()));
    args.addAll(List.of(more));
    return SparkTestSession.run(spark, args.toArray(String[]::new));
  }
}
