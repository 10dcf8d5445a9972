package io.logpipe.analytics.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.testing.Expected;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SinkLake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's tables over the lake that the sink's own writer produced (src/test/resources/sink-lake,
 * parquet-avro 1.15.2), against the plain-Java computation of the same KPIs from its events.
 */
class DuckDbKpisTest {

  @TempDir static Path tmp;

  private static final List<LogEventRow> events = new ArrayList<>();
  private static Path out;

  @BeforeAll
  static void computeTables() throws Exception {
    Path lake = SinkLake.copyTo(tmp.resolve("lake"));
    // What the lake hides: temp files of the sink, its own area, other hidden names. Not Parquet,
    // so reading any of them would fail the query.
    Path h10 = lake.resolve("curated/dt=2025-12-24/hour=10");
    Files.writeString(h10.resolve("_tmp.part-9.parquet"), "still being written");
    Files.writeString(h10.resolve(".part-8.parquet"), "hidden");
    Files.createDirectories(lake.resolve("curated/_logpipe_sink/tmp/logs_curated/0"));
    Files.writeString(lake.resolve("curated/_logpipe_sink/tmp/logs_curated/0/x.parquet"), "junk");
    Files.createDirectories(lake.resolve("curated/dt=2025-12-24/_hour=12"));
    Files.writeString(lake.resolve("curated/dt=2025-12-24/_hour=12/part-0.parquet"), "junk");

    events.addAll(SinkLake.events(lake));

    out = tmp.resolve("duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbKpis kpis = new DuckDbKpis(c);
      kpis.readLake(lake);
      assertThat(kpis.writeTables(out, 3))
          .containsOnlyKeys("kpi_by_hour", "kpi_by_host", "top_paths", "top_paths_csv");
    }
  }

  private static KpiTable read(String table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      return new KpiTableReader(c).duckDb(out, table);
    }
  }

  @Test
  void kpiByHourEqualsThePlainComputation() throws Exception {
    Map<String, List<LogEventRow>> byHour =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.dt() + "/" + e.hour(), TreeMap::new, Collectors.toList()));

    KpiTable table = read("kpi_by_hour");

    assertThat(table.rows().keySet())
        .containsExactly(List.of("2025-12-24", "10"), List.of("2025-12-24", "11"));
    byHour.forEach(
        (key, hourEvents) ->
            assertMetrics(
                table.rows().get(List.of(key.substring(0, 10), key.substring(11))), hourEvents));
  }

  @Test
  void kpiByHostEqualsThePlainComputationBusiestFirst() throws Exception {
    Map<String, List<LogEventRow>> byHost =
        events.stream().collect(Collectors.groupingBy(LogEventRow::host));
    List<String> busiestFirst =
        byHost.keySet().stream()
            .sorted(
                Comparator.comparing((String h) -> -byHost.get(h).size())
                    .thenComparing(Function.identity()))
            .toList();

    KpiTable table = read("kpi_by_host");

    assertThat(table.rows().keySet())
        .containsExactlyElementsOf(busiestFirst.stream().map(h -> List.<Object>of(h)).toList());
    byHost.forEach(
        (host, hostEvents) -> assertMetrics(table.rows().get(List.of(host)), hostEvents));
  }

  @Test
  void topPathsAreTheMostRequestedWithTheirShare() throws Exception {
    Map<String, List<LogEventRow>> byPath =
        events.stream().collect(Collectors.groupingBy(LogEventRow::path));
    List<String> top =
        byPath.keySet().stream()
            .sorted(
                Comparator.comparing((String p) -> -byPath.get(p).size())
                    .thenComparing(Function.identity()))
            .limit(3)
            .toList();

    KpiTable table = read("top_paths");

    assertThat(table.rows().keySet())
        .containsExactlyElementsOf(top.stream().map(p -> List.<Object>of(p)).toList());
    for (String path : top) {
      Map<String, Object> row = table.rows().get(List.of(path));
      Expected e = Expected.of(byPath.get(path));
      assertThat(row.get("requests")).isEqualTo(e.requests());
      assertThat((double) row.get("share")).isEqualTo(e.requests() / (double) events.size());
      assertThat(row.get("status_4xx")).isEqualTo(e.s4xx());
      assertThat(row.get("status_5xx")).isEqualTo(e.s5xx());
      assertThat(row.get("rt_p50")).isEqualTo(rank(e, 0.50));
      assertThat(row.get("rt_p99")).isEqualTo(rank(e, 0.99));
    }
    assertThat(Files.readAllLines(out.resolve("top_paths.csv")))
        .hasSize(4)
        .first()
        .asString()
        .startsWith("path,requests,share,");
  }

  private static void assertMetrics(Map<String, Object> row, List<LogEventRow> group) {
    Expected e = Expected.of(group);
    assertThat(row.get("requests")).isEqualTo(e.requests());
    assertThat(row.get("unique_ips")).isEqualTo(e.uniqueIps());
    assertThat(
            List.of(
                row.get("status_1xx"),
                row.get("status_2xx"),
                row.get("status_3xx"),
                row.get("status_4xx"),
                row.get("status_5xx")))
        .isEqualTo(List.of(e.s1xx(), e.s2xx(), e.s3xx(), e.s4xx(), e.s5xx()));
    assertThat(Expected.sameDouble((double) row.get("error_rate"), e.errorRate())).isTrue();
    assertThat(row.get("rt_count")).isEqualTo(e.rtCount());
    assertThat(row.get("rt_p50")).isEqualTo(rank(e, 0.50));
    assertThat(row.get("rt_p95")).isEqualTo(rank(e, 0.95));
    assertThat(row.get("rt_p99")).isEqualTo(rank(e, 0.99));
    assertThat(row.get("bytes_total")).isEqualTo(e.bytesTotal());
    assertThat(Expected.sameDouble((double) row.get("bytes_mean"), e.bytesMean())).isTrue();
  }

  /** The exact percentile: the element at 1-based rank max(1, ceil(q n)); null when none. */
  private static Long rank(Expected e, double q) {
    List<Long> sorted = e.sortedRt();
    return sorted.isEmpty()
        ? null
        : sorted.get(Math.max(1, (int) Math.ceil(q * sorted.size())) - 1);
  }
}
