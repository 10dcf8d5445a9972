package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.lake.HourRange;
import io.logpipe.analytics.lake.LakeReader;
import io.logpipe.analytics.lake.PartitionSelector;
import io.logpipe.analytics.testing.Expected;
import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SinkLake;
import io.logpipe.analytics.testing.SparkTestSession;
import io.logpipe.testkit.ListeningSockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on real Spark (local[2]) over a lake written in the sink's layout. */
class BatchAnalyticsIT {

  private static final LocalDateTime D1H10 = LocalDateTime.of(2025, 12, 24, 10, 0);
  private static final LocalDateTime D1H11 = D1H10.plusHours(1);
  private static final LocalDateTime D1H12 = D1H10.plusHours(2);
  private static final LocalDateTime D2H00 = LocalDateTime.of(2025, 12, 25, 0, 0);
  private static final LocalDateTime D2H05 = D2H00.plusHours(5);

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static Path lake;
  private static List<LogEventRow> events;

  @BeforeAll
  static void lake() throws Exception {
    spark = SparkTestSession.start();
    lake = tmp.resolve("lake");
    events = LakeFixture.events(1, 150, D1H10, D1H11, D1H12, D2H00, D2H05);
    // Hour 12 of the first day has no _SUCCESS: the sink is still writing it.
    LakeFixture.write(
        spark,
        lake,
        events,
        List.of("2025-12-24/10", "2025-12-24/11", "2025-12-25/00", "2025-12-25/05"));
    // The sink's temporary files and other hidden entries must never be read.
    Path h11 = lake.resolve("curated/dt=2025-12-24/hour=11");
    Files.writeString(h11.resolve("_tmp.part-99.parquet"), "not parquet, still being written");
    Files.writeString(h11.resolve(".part-98.parquet.inprogress"), "not parquet either");
    Files.createDirectories(lake.resolve("curated/_temporary/0"));
    Files.writeString(lake.resolve("curated/_temporary/0/part-1.parquet"), "junk");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyKpiEqualsAnIndependentComputation() throws Exception {
    Path output = tmp.resolve("out-all");
    SparkTestSession.Run run =
        SparkTestSession.run(
            spark, "--lake", lake.toString(), "--output", output.toString(), "--top", "5");
    assertThat(run.exitCode()).as(run.err()).isZero();

    // kpi_by_hour, read back from what was written
    Map<String, List<LogEventRow>> byHour =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.dt() + "/" + e.hour(), TreeMap::new, Collectors.toList()));
    List<Row> hourRows =
        spark
            .read()
            .parquet(output.resolve("kpi_by_hour").toString())
            .orderBy("dt", "hour")
            .collectAsList();
    assertThat(hourRows).hasSize(5);
    for (Row r : hourRows) {
      String key = r.getAs("dt") + "/" + r.getAs("hour");
      assertMetrics(r, Expected.of(byHour.get(key)), key);
    }

    // kpi_by_host
    String period = "2025-12-24T10_2025-12-25T05";
    Map<String, List<LogEventRow>> byHost =
        events.stream().collect(Collectors.groupingBy(LogEventRow::host));
    List<Row> hostRows =
        spark
            .read()
            .parquet(output.resolve("kpi_by_host").toString())
            .where("period = '" + period + "'")
            .collectAsList();
    assertThat(hostRows)
        .extracting(r -> (String) r.getAs("host"))
        .containsExactlyInAnyOrderElementsOf(byHost.keySet());
    for (Row r : hostRows) {
      assertMetrics(r, Expected.of(byHost.get((String) r.getAs("host"))), r.getAs("host"));
    }

    // top_paths: the 5 most requested paths, ties by path, with share of all requests
    Map<String, List<LogEventRow>> byPath =
        events.stream().collect(Collectors.groupingBy(LogEventRow::path));
    List<String> expectedTop =
        byPath.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<String, List<LogEventRow>>>comparingInt(
                        e -> -e.getValue().size())
                    .thenComparing(Map.Entry::getKey))
            .limit(5)
            .map(Map.Entry::getKey)
            .toList();
    Dataset<Row> topPaths =
        spark
            .read()
            .parquet(output.resolve("top_paths").toString())
            .where("period = '" + period + "'")
            .orderBy(
                org.apache.spark.sql.functions.desc("requests"),
                org.apache.spark.sql.functions.asc("path"));
    List<Row> pathRows = topPaths.collectAsList();
    assertThat(pathRows)
        .extracting(r -> (String) r.getAs("path"))
        .containsExactlyElementsOf(expectedTop);
    for (Row r : pathRows) {
      Expected e = Expected.of(byPath.get((String) r.getAs("path")));
      assertThat((long) r.getAs("requests")).isEqualTo(e.requests());
      assertThat((double) r.getAs("share"))
          .isCloseTo(
              e.requests() / (double) events.size(), org.assertj.core.data.Offset.offset(1e-12));
      assertThat((long) r.getAs("status_4xx")).isEqualTo(e.s4xx());
      assertThat((long) r.getAs("status_5xx")).isEqualTo(e.s5xx());
      assertThat((double) r.getAs("error_rate"))
          .isCloseTo(e.errorRate(), org.assertj.core.data.Offset.offset(1e-12));
      assertThat((double) r.getAs("bytes_mean"))
          .isCloseTo(e.bytesMean(), org.assertj.core.data.Offset.offset(1e-6));
      assertPercentiles(r, e, r.getAs("path"));
    }

    // top_paths_csv: one CSV file with a header and the same rows
    Path csvDir = output.resolve("top_paths_csv/period=" + period);
    List<Path> csvFiles;
    try (var files = Files.list(csvDir)) {
      csvFiles = files.filter(p -> p.toString().endsWith(".csv")).toList();
    }
    assertThat(csvFiles)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("top_paths.csv");
    List<String> lines = Files.readAllLines(csvFiles.get(0));
    assertThat(lines.get(0))
        .isEqualTo(
            "path,requests,share,status_4xx,status_5xx,error_rate,rt_count,"
                + "rt_p50,rt_p95,rt_p99,bytes_mean");
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1))
        .startsWith(expectedTop.get(0) + "," + byPath.get(expectedTop.get(0)).size() + ",");

    // summary.json reconciles with the lake without Spark
    JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
    assertThat(summary.get("total_requests").asLong()).isEqualTo(events.size());
    assertThat(summary.get("requests_with_response_time").asLong())
        .isEqualTo(events.stream().filter(e -> e.rtMs() != null).count());
    assertThat(summary.get("read_from").asText()).isEqualTo("2025-12-24T10");
    assertThat(summary.get("read_to").asText()).isEqualTo("2025-12-25T05");
    assertThat(summary.get("requested_from").isNull()).isTrue();
    Map<String, Long> perPartition = new TreeMap<>();
    summary
        .get("partitions")
        .forEach(
            p ->
                perPartition.put(
                    p.get("dt").asText() + "/" + p.get("hour").asText(),
                    p.get("requests").asLong()));
    Map<String, Long> expectedPerPartition = new TreeMap<>();
    byHour.forEach((k, v) -> expectedPerPartition.put(k, (long) v.size()));
    assertThat(perPartition).isEqualTo(expectedPerPartition);

    // console shows each table's first rows; the HTML report is self-contained
    assertThat(run.out())
        .contains(
            "top_paths (5 rows)",
            "kpi_by_hour (5 rows)",
            "kpi_by_host (3 rows)",
            expectedTop.get(0),
            "2025-12-25");
    String html = Files.readString(output.resolve("report.html"));
    assertThat(html)
        .contains(
            "<svg",
            "Requests and error rate per hour",
            "Response time percentiles per hour",
            "Top paths",
            "Status mix per host",
            expectedTop.get(0))
        .doesNotContain("<script", "src=", "href=", "@import");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http://", "https://");
  }

  @Test
  void fromToReadsOnlyTheMatchingPartitions() throws Exception {
    String curated = lake.resolve("curated").toUri().toString();
    PartitionSelector.Selection selection =
        new PartitionSelector(spark.sparkContext().hadoopConfiguration())
            .select(curated, Optional.of(new HourRange(D1H11, D1H11)), false);
    Dataset<Row> read = new LakeReader(spark).read(curated, selection);
    String[] files = read.inputFiles();
    assertThat(files).isNotEmpty().allMatch(f -> f.contains("/dt=2025-12-24/hour=11/part-"));
    assertThat(Set.of(files))
        .hasSize(LakeFixture.dataFiles(lake.resolve("curated/dt=2025-12-24/hour=11")).size());
    assertThat(read.count()).isEqualTo(events.stream().filter(e -> e.ts().getHour() == 11).count());

    // A day range through the command line: only that day's hours are read and counted.
    Path output = tmp.resolve("out-day2");
    SparkTestSession.Run run =
        SparkTestSession.run(
            spark,
            "--lake",
            lake.toString(),
            "--output",
            output.toString(),
            "--from",
            "2025-12-25",
            "--to",
            "2025-12-25");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
    assertThat(summary.get("total_requests").asLong())
        .isEqualTo(events.stream().filter(e -> e.dt().equals("2025-12-25")).count());
    assertThat(summary.get("period").asText()).isEqualTo("2025-12-25T00_2025-12-25T23");
    assertThat(
            spark
                .read()
                .parquet(output.resolve("kpi_by_hour").toString())
                .select("dt")
                .distinct()
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("2025-12-25");
  }

  @Test
  void completeOnlySkipsHoursWithoutSuccessMarker() throws Exception {
    Path output = tmp.resolve("out-complete");
    SparkTestSession.Run run =
        SparkTestSession.run(
            spark,
            "--lake",
            lake.toString(),
            "--output",
            output.toString(),
            "--from",
            "2025-12-24T11",
            "--to",
            "2025-12-24T12",
            "--complete-only");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
    assertThat(summary.get("total_requests").asLong())
        .isEqualTo(
            events.stream()
                .filter(e -> e.dt().equals("2025-12-24") && e.ts().getHour() == 11)
                .count());
    assertThat(summary.get("skipped_incomplete_hours").asInt()).isEqualTo(1);
    assertThat(summary.get("complete_only").asBoolean()).isTrue();
  }

  @Test
  void reRunningARangeReplacesThatRangeOnly() throws Exception {
    Path lake2 = tmp.resolve("lake-rerun");
    List<LogEventRow> first = LakeFixture.events(7, 40, D1H10, D1H11, D2H00);
    LakeFixture.write(spark, lake2, first, List.of());
    Path output = tmp.resolve("out-rerun");
    String[] all = {"--lake", lake2.toString(), "--output", output.toString()};
    String[] day1 = {
      "--lake",
      lake2.toString(),
      "--output",
      output.toString(),
      "--from",
      "2025-12-24",
      "--to",
      "2025-12-24"
    };
    assertThat(SparkTestSession.run(spark, all).exitCode()).isZero();
    assertThat(SparkTestSession.run(spark, day1).exitCode()).isZero();
    Map<String, Long> before = hourRequests(output);
    List<Path> day2Files = LakeFixture.dataFiles(output.resolve("kpi_by_hour/dt=2025-12-25"));
    List<Path> allPeriodFiles =
        LakeFixture.dataFiles(output.resolve("top_paths/period=2025-12-24T10_2025-12-25T00"));

    // Late events arrive for day 1; re-running day 1 replaces day 1's results, and only them.
    List<LogEventRow> late = LakeFixture.events(8, 25, D1H10);
    LakeFixture.write(spark, lake2, late, List.of());
    SparkTestSession.Run rerun = SparkTestSession.run(spark, day1);
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();

    Map<String, Long> after = hourRequests(output);
    assertThat(after).containsOnlyKeys("2025-12-24/10", "2025-12-24/11", "2025-12-25/00");
    assertThat(after.get("2025-12-24/10")).isEqualTo(before.get("2025-12-24/10") + late.size());
    assertThat(after.get("2025-12-24/11")).isEqualTo(before.get("2025-12-24/11"));
    assertThat(after.get("2025-12-25/00")).isEqualTo(before.get("2025-12-25/00"));
    // Day 2's files and the whole-range period were not rewritten (Spark names each write's files
    // uniquely).
    assertThat(LakeFixture.dataFiles(output.resolve("kpi_by_hour/dt=2025-12-25")))
        .isEqualTo(day2Files);
    assertThat(
            LakeFixture.dataFiles(output.resolve("top_paths/period=2025-12-24T10_2025-12-25T00")))
        .isEqualTo(allPeriodFiles);
    // Day 1's period holds exactly the new result, once.
    List<Row> day1Paths =
        spark
            .read()
            .parquet(output.resolve("top_paths").toString())
            .where("period = '2025-12-24T00_2025-12-24T23'")
            .collectAsList();
    long day1Total = first.stream().filter(e -> e.dt().equals("2025-12-24")).count() + late.size();
    Map<String, Long> expected = new HashMap<>();
    for (LogEventRow e : first) {
      if (e.dt().equals("2025-12-24")) {
        expected.merge(e.path(), 1L, Long::sum);
      }
    }
    late.forEach(e -> expected.merge(e.path(), 1L, Long::sum));
    assertThat(day1Paths).hasSize(Math.min(20, expected.size()));
    for (Row r : day1Paths) {
      assertThat((long) r.getAs("requests")).isEqualTo(expected.get((String) r.getAs("path")));
      assertThat((double) r.getAs("share"))
          .isCloseTo(
              expected.get((String) r.getAs("path")) / (double) day1Total,
              org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void readsALakeWrittenByTheSinksParquetAvroWriter() throws Exception {
    // src/test/resources/sink-lake: written by parquet-avro 1.15.2 with LogEvent's data model;
    // hdfs-sink's files have the same schema, metadata and stored values (its RowCodecTest)
    // (regenerate with src/test/sink-fixture), plus events.jsonl holding the same rows.
    Path sinkLake = SinkLake.copyTo(tmp.resolve("sink-lake"));
    Map<String, List<LogEventRow>> expected = new TreeMap<>();
    for (LogEventRow e : SinkLake.events(sinkLake)) {
      expected.computeIfAbsent(e.dt() + "/" + e.hour(), k -> new ArrayList<>()).add(e);
    }
    Path output = tmp.resolve("out-sink");
    SparkTestSession.Run run =
        SparkTestSession.run(spark, "--lake", sinkLake.toString(), "--output", output.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Row> hourRows =
        spark
            .read()
            .parquet(output.resolve("kpi_by_hour").toString())
            .orderBy("dt", "hour")
            .collectAsList();
    assertThat(hourRows)
        .extracting(r -> r.getAs("dt") + "/" + r.getAs("hour"))
        .containsExactlyElementsOf(expected.keySet());
    for (Row r : hourRows) {
      String key = r.getAs("dt") + "/" + r.getAs("hour");
      assertMetrics(r, Expected.of(expected.get(key)), key);
    }
    SparkTestSession.Run complete =
        SparkTestSession.run(
            spark,
            "--lake",
            sinkLake.toString(),
            "--output",
            tmp.resolve("out-sink-complete").toString(),
            "--complete-only");
    assertThat(complete.exitCode()).as(complete.err()).isZero();
    assertThat(
            new ObjectMapper()
                .readTree(tmp.resolve("out-sink-complete/summary.json").toFile())
                .get("total_requests")
                .asLong())
        .isEqualTo(expected.get("2025-12-24/10").size());
  }

  private static Map<String, Long> hourRequests(Path output) {
    List<Row> rows = spark.read().parquet(output.resolve("kpi_by_hour").toString()).collectAsList();
    Map<String, Long> m = new TreeMap<>();
    for (Row r : rows) {
      String key = r.getAs("dt") + "/" + r.getAs("hour");
      assertThat(m).as("one row per hour").doesNotContainKey(key);
      m.put(key, r.getAs("requests"));
    }
    return m;
  }

  private static void assertMetrics(Row r, Expected e, String what) {
    Function<String, Long> l = c -> r.getAs(c);
    assertThat(l.apply("requests")).as(what).isEqualTo(e.requests());
    assertThat(l.apply("unique_ips")).as(what).isEqualTo(e.uniqueIps());
    assertThat(
            List.of(
                l.apply("status_1xx"),
                l.apply("status_2xx"),
                l.apply("status_3xx"),
                l.apply("status_4xx"),
                l.apply("status_5xx")))
        .as(what)
        .containsExactly(e.s1xx(), e.s2xx(), e.s3xx(), e.s4xx(), e.s5xx());
    assertThat((double) r.getAs("error_rate"))
        .as(what)
        .isCloseTo(e.errorRate(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(l.apply("bytes_total")).as(what).isEqualTo(e.bytesTotal());
    assertThat((double) r.getAs("bytes_mean"))
        .as(what)
        .isCloseTo(e.bytesMean(), org.assertj.core.data.Offset.offset(1e-6));
    assertPercentiles(r, e, what);
  }

  private static void assertPercentiles(Row r, Expected e, String what) {
    assertThat((long) r.getAs("rt_count")).as(what).isEqualTo(e.rtCount()).isLessThan(e.requests());
    List<String> names = List.of("rt_p50", "rt_p95", "rt_p99");
    int[] percents = {50, 95, 99};
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < percents.length; i++) {
      Long v = r.getAs(names.get(i));
      // Exact: the nearest-rank element (percentile_disc), not merely within a rank error.
      assertThat(v).as(what + " " + names.get(i)).isEqualTo(e.percentile(percents[i]));
      values.add(v);
    }
    assertThat(values).as(what).isSorted();
  }

  /**
   * Nothing of a test run is reachable from the network: every socket this JVM listens on is a
   * loopback one.
   */
  @Test
  void sparkListensOnLoopbackOnly() {
    List<ListeningSockets.Socket> sockets = ListeningSockets.ofThisProcess();
    assertThat(sockets).as("Spark's driver (RPC, block manager) listen").isNotEmpty();
    assertThat(sockets)
        .allSatisfy(s -> assertThat(s.onLoopback()).as("%s is on loopback", s).isTrue());
  }
}
