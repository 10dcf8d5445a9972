package io.logpipe.analytics.bench.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares DuckDB's KPI tables with the Spark job's, value by value: counts, sums and percentiles
 * exactly, the derived doubles ({@link #APPROXIMATE}) within a relative {@link #TOLERANCE}, since
 * the two engines add and divide in different orders.
 */
public final class KpiComparison {

  /** Columns whose values are quotients: equal within {@link #TOLERANCE}, relative. */
  public static final Set<String> APPROXIMATE = Set.of("error_rate", "bytes_mean", "share");

  public static final Set<String> PERCENTILES = Set.of("rt_p50", "rt_p95", "rt_p99");

  public static final double TOLERANCE = 1e-9;

  private KpiComparison() {}

  /**
   * Every difference of {@code spark} from {@code duckDb}: rows on one side only, columns of
   * DuckDB's table missing on Spark's, differing values. Columns only Spark has (e.g. {@code
   * period}) are not compared.
   */
  public static ComparisonReport compare(KpiTable duckDb, KpiTable spark) {
    List<Mismatch> mismatches = new ArrayList<>();
    long values = 0;
    for (Map.Entry<List<Object>, Map<String, Object>> row : duckDb.rows().entrySet()) {
      Map<String, Object> other = spark.rows().get(row.getKey());
      if (other == null) {
        mismatches.add(new Mismatch(duckDb.name(), row.getKey(), null, "present", "absent"));
        continue;
      }
      for (Map.Entry<String, Object> cell : row.getValue().entrySet()) {
        String column = cell.getKey();
        if (duckDb.keyColumns().contains(column)) {
          continue;
        }
        values++;
        Object theirs = other.containsKey(column) ? other.get(column) : Mismatch.NO_SUCH_COLUMN;
        if (!equal(column, cell.getValue(), theirs)) {
          mismatches.add(
              new Mismatch(duckDb.name(), row.getKey(), column, cell.getValue(), theirs));
        }
      }
    }
    for (List<Object> key : spark.rows().keySet()) {
      if (!duckDb.rows().containsKey(key)) {
        mismatches.add(new Mismatch(duckDb.name(), key, null, "absent", "present"));
      }
    }
    return new ComparisonReport(List.of(duckDb.name()), values, mismatches);
  }

  /** Whether two normalised values ({@link KpiTable#value}) agree under the column's rule. */
  static boolean equal(String column, Object a, Object b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Long && y instanceof Long) {
        return x.longValue() == y.longValue();
      }
      double dx = x.doubleValue();
      double dy = y.doubleValue();
      if (APPROXIMATE.contains(column)) {
        return Math.abs(dx - dy) <= TOLERANCE * Math.max(1.0, Math.abs(dx));
      }
      // A whole number stored as a double on one side (a CSV, a percentile) must still be exact.
      return dx == dy || (Double.isNaN(dx) && Double.isNaN(dy));
    }
    return Objects.equals(a, b);
  }
}
