package io.logpipe.analytics.bench.duckdb;

import java.util.List;

/**
 * One difference between DuckDB's table and the Spark job's.
 *
 * @param table the compared table, e.g. {@code kpi_by_hour}
 * @param key the row's key values
 * @param column the differing column; null for a row present on one side only
 * @param duckDb DuckDB's value (for a row: {@code "present"}/{@code "absent"})
 * @param spark the Spark job's value
 */
public record Mismatch(String table, List<Object> key, String column, Object duckDb, Object spark) {

  /** The Spark side's value when its table lacks the column. */
  public static final String NO_SUCH_COLUMN = "no such column";

  /**
   * Whether two percentile values differ (expected of a job that uses percentile_approx); a missing
   * percentile column is not one.
   */
  public boolean isPercentile() {
    return column != null
        && KpiComparison.PERCENTILES.contains(column)
        && !NO_SUCH_COLUMN.equals(spark);
  }

  @Override
  public String toString() {
    String where = table + " " + key + (column == null ? " (row)" : " " + column);
    return where + ": duckdb " + duckDb + ", spark " + spark;
  }
}
