package io.logpipe.analytics.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiComparisonTest {

  private static final List<String> KEY = List.of("dt", "hour");

  private static Map<String, Object> hour(String hour, long requests, Long p95, double errorRate) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("dt", "2025-12-01");
    row.put("hour", hour);
    row.put("requests", requests);
    row.put("bytes_total", requests * 100);
    row.put("rt_p95", p95);
    row.put("error_rate", errorRate);
    return row;
  }

  private static KpiTable table(List<Map<String, Object>> rows) {
    return KpiTable.of("kpi_by_hour", KEY, rows);
  }

  private static KpiTable reference() {
    return table(List.of(hour("00", 1000, 1900L, 0.08), hour("01", 990, null, 0.1)));
  }

  @Test
  void equalTablesMatch() {
    ComparisonReport report = KpiComparison.compare(reference(), reference());

    assertThat(report.matches()).isTrue();
    assertThat(report.values()).isEqualTo(8); // 2 rows x 4 non-key columns
    assertThat(report.verdict()).startsWith("comparison: MATCH, 8 values in kpi_by_hour");
  }

  @Test
  void aCountThatIsOffByOneIsReported() {
    KpiTable spark = table(List.of(hour("00", 1001, 1900L, 0.08), hour("01", 990, null, 0.1)));

    ComparisonReport report = KpiComparison.compare(reference(), spark);

    assertThat(report.mismatches())
        .containsExactly(
            new Mismatch("kpi_by_hour", List.of("2025-12-01", "00"), "requests", 1000L, 1001L),
            new Mismatch(
                "kpi_by_hour", List.of("2025-12-01", "00"), "bytes_total", 100_000L, 100_100L));
    assertThat(report.otherMismatches()).isEqualTo(2);
    assertThat(report.percentileMismatches()).isZero();
    assertThat(report.verdict())
        .startsWith("comparison: MISMATCH, 0 percentiles and 2 other values or rows differ");
  }

  @Test
  void percentilesAreExactAndCountedApart() {
    KpiTable spark = table(List.of(hour("00", 1000, 1899L, 0.08), hour("01", 990, 7L, 0.1)));

    ComparisonReport report = KpiComparison.compare(reference(), spark);

    assertThat(report.mismatches())
        .extracting(Mismatch::column, Mismatch::duckDb, Mismatch::spark)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rt_p95", 1900L, 1899L),
            org.assertj.core.groups.Tuple.tuple("rt_p95", null, 7L));
    assertThat(report.percentileMismatches()).isEqualTo(2);
    assertThat(report.otherMismatches()).isZero();
  }

  @Test
  void quotientsMayDifferInTheLastBitsOnly() {
    KpiTable close =
        table(List.of(hour("00", 1000, 1900L, 0.08 + 1e-12), hour("01", 990, null, 0.1)));
    KpiTable far = table(List.of(hour("00", 1000, 1900L, 0.0801), hour("01", 990, null, 0.1)));

    assertThat(KpiComparison.compare(reference(), close).matches()).isTrue();
    assertThat(KpiComparison.compare(reference(), far).mismatches())
        .extracting(Mismatch::column)
        .containsExactly("error_rate");
  }

  @Test
  void aWholeNumberReadAsADoubleStillComparesExactly() {
    // A CSV reader may type a percentile column as DOUBLE: 1900.0 is 1900, 1900.5 is not.
    assertThat(KpiComparison.equal("rt_p95", 1900L, 1900.0)).isTrue();
    assertThat(KpiComparison.equal("rt_p95", 1900L, 1900.5)).isFalse();
    assertThat(KpiComparison.equal("requests", 5L, 5.000000001)).isFalse();
  }

  @Test
  void rowsOnOneSideOnlyAndMissingColumnsAreReported() {
    Map<String, Object> withoutP95 = new HashMap<>(hour("00", 1000, 1900L, 0.08));
    withoutP95.remove("rt_p95");
    List<Map<String, Object>> sparkRows = new ArrayList<>();
    sparkRows.add(withoutP95);
    sparkRows.add(hour("02", 5, 1L, 0.0));

    ComparisonReport report = KpiComparison.compare(reference(), table(sparkRows));

    assertThat(report.mismatches())
        .extracting(Mismatch::toString)
        .containsExactly(
            "kpi_by_hour [2025-12-01, 00] rt_p95: duckdb 1900, spark no such column",
            "kpi_by_hour [2025-12-01, 01] (row): duckdb present, spark absent",
            "kpi_by_hour [2025-12-01, 02] (row): duckdb absent, spark present");
    // A lost column is a broken table, not an approximate percentile.
    assertThat(report.percentileMismatches()).isZero();
    assertThat(report.otherMismatches()).isEqualTo(3);
  }

  @Test
  void reportsOfSeveralTablesAddUp() {
    KpiTable spark = table(List.of(hour("00", 1000, 1899L, 0.08), hour("01", 990, null, 0.1)));

    ComparisonReport both =
        KpiComparison.compare(reference(), reference())
            .and(KpiComparison.compare(reference(), spark));

    assertThat(both.values()).isEqualTo(16);
    assertThat(both.mismatches()).hasSize(1);
    assertThat(both.verdict()).contains("16 values in kpi_by_hour, kpi_by_hour");
  }
}
