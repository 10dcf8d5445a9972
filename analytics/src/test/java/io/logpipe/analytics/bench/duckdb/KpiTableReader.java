package io.logpipe.analytics.bench.duckdb;

import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.LakeNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads KPI tables into {@link KpiTable}s through DuckDB: those {@link DuckDbKpis} wrote, and the
 * Spark job's output in its layout ({@code kpi_by_hour/dt=/hour=/}, {@code <table>/period=/}, the
 * CSV), with hidden files ({@code _SUCCESS}, {@code .crc}) left out.
 */
public final class KpiTableReader {

  /** Key columns of each table. */
  public static final Map<String, List<String>> KEYS =
      Map.of(
          AnalyticsNames.KPI_BY_HOUR, List.of(LakeNames.DT, LakeNames.HOUR),
          AnalyticsNames.KPI_BY_HOST, List.of("host"),
          AnalyticsNames.TOP_PATHS, List.of("path"),
          AnalyticsNames.TOP_PATHS_CSV, List.of("path"));

  private static final String VISIBLE_PARQUET = "[!._]*" + LakeNames.PARQUET_SUFFIX;

  private final Connection connection;

  public KpiTableReader(Connection connection) {
    this.connection = connection;
  }

  /** A table {@link DuckDbKpis#writeTables} wrote under {@code dir}. */
  public KpiTable duckDb(Path dir, String table) throws SQLException {
    return read(
        table,
        "SELECT * FROM read_parquet("
            + DuckDbKpis.quote(dir.resolve(table + LakeNames.PARQUET_SUFFIX).toString())
            + ")");
  }

  /**
   * One of the job's tables under its output {@code dir}; a period table must hold exactly one
   * period (a run's), else rows of several runs would be compared.
   */
  public KpiTable spark(Path dir, String table) throws SQLException {
    String root = dir.resolve(table).toString();
    String source =
        switch (table) {
          case AnalyticsNames.KPI_BY_HOUR ->
              parquet(root + "/" + LakeNames.DT + "=*/" + LakeNames.HOUR + "=*/" + VISIBLE_PARQUET);
          case AnalyticsNames.TOP_PATHS_CSV ->
              "read_csv("
                  + DuckDbKpis.quote(
                      root
                          + "/"
                          + AnalyticsNames.PERIOD
                          + "=*/"
                          + AnalyticsNames.TOP_PATHS_CSV_FILE)
                  + ", header = true, hive_partitioning = true, hive_types_autocast = false)";
          default -> parquet(root + "/" + AnalyticsNames.PERIOD + "=*/" + VISIBLE_PARQUET);
        };
    KpiTable read = read(table, "SELECT * FROM " + source);
    if (!table.equals(AnalyticsNames.KPI_BY_HOUR)) {
      List<Object> periods =
          read.rows().values().stream().map(r -> r.get(AnalyticsNames.PERIOD)).distinct().toList();
      if (periods.size() > 1) {
        throw new IllegalStateException(root + " holds several periods: " + periods);
      }
    }
    return read;
  }

  private static String parquet(String glob) {
    return "read_parquet("
        + DuckDbKpis.quote(glob)
        + ", hive_partitioning = true, hive_types_autocast = false)";
  }

  private KpiTable read(String table, String query) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(query)) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          row.put(meta.getColumnLabel(c), r.getObject(c));
        }
        rows.add(row);
      }
    }
    return KpiTable.of(table, KEYS.get(table), rows);
  }
}
