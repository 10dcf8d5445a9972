package io.logpipe.analytics.bench.duckdb;

import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.LakeNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The analytics job's three tables ({@code kpi_by_hour}, {@code kpi_by_host}, {@code top_paths})
 * computed by DuckDB with SQL over a local lake's curated Parquet files: the benchmark's baseline
 * and the independent side of {@link KpiComparison}.
 *
 * <p>Same definitions as the job (analytics/README.md): {@code rt_p50/p95/p99} are {@code
 * quantile_disc} over the non-null {@code rt_ms}, which is the element at 1-based rank {@code
 * max(1, ceil(q * n))} of the ascending values ({@code QuantileDiscDefinitionTest} checks it), null
 * when there is none.
 */
public final class DuckDbKpis {

  /**
   * The curated data files: DuckDB's {@code *} also matches names starting with {@code .} or {@code
   * _} (temporary files, the sink's area), which the lake hides, so the pattern excludes them.
   */
  static final String CURATED_FILES = "dt=*/hour=*/[!._]*" + LakeNames.PARQUET_SUFFIX;

  private static final String METRICS =
      """
      count(*) AS requests,
      count(DISTINCT ip) AS unique_ips,
      count(*) FILTER (WHERE status >= 100 AND status < 200) AS status_1xx,
      count(*) FILTER (WHERE status >= 200 AND status < 300) AS status_2xx,
      count(*) FILTER (WHERE status >= 300 AND status < 400) AS status_3xx,
      count(*) FILTER (WHERE status >= 400 AND status < 500) AS status_4xx,
      count(*) FILTER (WHERE status >= 500 AND status < 600) AS status_5xx,
      CAST(count(*) FILTER (WHERE status >= 400 AND status < 600) AS DOUBLE) / count(*)
          AS error_rate,
      count(rt_ms) AS rt_count,
      quantile_disc(rt_ms, [0.50, 0.95, 0.99]) AS rt,
      CAST(sum(bytes) AS BIGINT) AS bytes_total,
      avg(bytes) AS bytes_mean
      """;

  /** The metric columns in the job's order, the percentile list unpacked. */
  private static final String COLUMNS =
      "requests, unique_ips, status_1xx, status_2xx, status_3xx, status_4xx, status_5xx,"
          + " error_rate, rt_count, rt[1] AS rt_p50, rt[2] AS rt_p95, rt[3] AS rt_p99,"
          + " bytes_total, bytes_mean";

  private final Connection connection;

  public DuckDbKpis(Connection connection) {
    this.connection = connection;
  }

  /**
   * Defines the view {@code events} over {@code <lake>/curated}: the projected columns, {@code dt}
   * and {@code hour} as the directory values (strings, like the job's).
   */
  public void readLake(Path lake) throws SQLException {
    String files = quote(lake.resolve(LakeNames.CURATED).toString() + "/" + CURATED_FILES);
    execute(
        "CREATE OR REPLACE VIEW events AS SELECT dt, hour, host, path, status, bytes, ip, rt_ms"
            + " FROM read_parquet("
            + files
            + ", hive_partitioning = true, hive_types_autocast = false, union_by_name = true)");
  }

  /** Writes the three tables under {@code out}; returns seconds per table, in writing order. */
  public Map<String, Double> writeTables(Path out, int top) throws Exception {
    Files.createDirectories(out);
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put(AnalyticsNames.KPI_BY_HOUR, copy(byHour(), out, AnalyticsNames.KPI_BY_HOUR));
    seconds.put(AnalyticsNames.KPI_BY_HOST, copy(byHost(), out, AnalyticsNames.KPI_BY_HOST));
    seconds.put(AnalyticsNames.TOP_PATHS, copy(topPaths(top), out, AnalyticsNames.TOP_PATHS));
    // The job writes top_paths as CSV too: same work on both sides.
    long start = System.nanoTime();
    execute(
        "COPY (SELECT * FROM read_parquet("
            + quote(out.resolve(AnalyticsNames.TOP_PATHS + LakeNames.PARQUET_SUFFIX).toString())
            + ")) TO "
            + quote(out.resolve(AnalyticsNames.TOP_PATHS_CSV_FILE).toString())
            + " (FORMAT csv, HEADER true)");
    seconds.put(AnalyticsNames.TOP_PATHS_CSV, (System.nanoTime() - start) / 1e9);
    return seconds;
  }

  /** {@code kpi_by_hour}: one row per {@code (dt, hour)}, in time order. */
  static String byHour() {
    return "SELECT dt, hour, "
        + COLUMNS
        + " FROM (SELECT dt, hour, "
        + METRICS
        + " FROM events GROUP BY dt, hour) ORDER BY dt, hour";
  }

  /** {@code kpi_by_host}: one row per host, busiest first, ties by name. */
  static String byHost() {
    return "SELECT host, "
        + COLUMNS
        + " FROM (SELECT host, "
        + METRICS
        + " FROM events GROUP BY host) ORDER BY requests DESC, host";
  }

  /**
   * {@code top_paths}: the {@code top} most requested paths (ties by path), their share of all
   * requests.
   */
  static String topPaths(int top) {
    return "SELECT path, requests, CAST(requests AS DOUBLE) / CAST(sum(requests) OVER () AS DOUBLE)"
        + " AS share, status_4xx, status_5xx, error_rate, rt_count, rt[1] AS rt_p50,"
        + " rt[2] AS rt_p95, rt[3] AS rt_p99, bytes_mean FROM (SELECT path, "
        + METRICS
        + " FROM events GROUP BY path) ORDER BY requests DESC, path LIMIT "
        + top;
  }

  /** {@code <out>/<table>.parquet}; returns seconds. */
  private double copy(String query, Path out, String table) throws SQLException {
    long start = System.nanoTime();
    execute(
        "COPY ("
            + query
            + ") TO "
            + quote(out.resolve(table + LakeNames.PARQUET_SUFFIX).toString())
            + " (FORMAT parquet)");
    return (System.nanoTime() - start) / 1e9;
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /** A SQL string literal. */
  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
