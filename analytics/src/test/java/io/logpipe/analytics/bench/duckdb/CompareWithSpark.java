package io.logpipe.analytics.bench.duckdb;

import io.logpipe.lake.AnalyticsNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

/**
 * Compares the tables {@link DuckDbBaseline} wrote with the Spark job's output and prints every
 * mismatch and a verdict; exit code 0 when every value matches, 1 otherwise.
 *
 * <p>Usage: {@code CompareWithSpark DUCKDB_DIR SPARK_OUTPUT_DIR}. DuckDB's {@code top_paths} is
 * compared with both the job's Parquet table and its CSV.
 */
public final class CompareWithSpark {

  private CompareWithSpark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CompareWithSpark DUCKDB_DIR SPARK_OUTPUT_DIR");
      System.exit(2);
    }
    ComparisonReport report = compare(Path.of(args[0]), Path.of(args[1]));
    report.print(System.out);
    System.exit(report.matches() ? 0 : 1);
  }

  /** Every table of both outputs, compared. */
  public static ComparisonReport compare(Path duckDbDir, Path sparkOutput) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      KpiTableReader reader = new KpiTableReader(connection);
      ComparisonReport report = null;
      for (String table :
          List.of(
              AnalyticsNames.KPI_BY_HOUR,
              AnalyticsNames.KPI_BY_HOST,
              AnalyticsNames.TOP_PATHS,
              AnalyticsNames.TOP_PATHS_CSV)) {
        String duckDbTable =
            table.equals(AnalyticsNames.TOP_PATHS_CSV) ? AnalyticsNames.TOP_PATHS : table;
        KpiTable ours = reader.duckDb(duckDbDir, duckDbTable);
        ComparisonReport one =
            KpiComparison.compare(
                new KpiTable(table, ours.keyColumns(), ours.rows()),
                reader.spark(sparkOutput, table));
        report = report == null ? one : report.and(one);
      }
      return report;
    }
  }
}
