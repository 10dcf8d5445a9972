package io.logpipe.analytics.kpi;

import static org.apache.spark.sql.functions.lit;

import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes KPI tables under the output directory as Parquet, with dynamic partition overwrite: a run
 * replaces the partitions it produced (its hours in {@code kpi_by_hour}, its period elsewhere) and
 * leaves every other one alone.
 */
public final class TableWriter {

  /** Name the single CSV file of {@code top_paths_csv} is given. */
  public static final String CSV_FILE_NAME = AnalyticsNames.TOP_PATHS_CSV_FILE;

  private final SparkSession spark;
  private final String output;

  public TableWriter(SparkSession spark, String output) {
    this.spark = spark;
    this.output = output;
  }

  /** {@code <output>/kpi_by_hour/dt=…/hour=…/}: replaces exactly the hours of this run. */
  public String writeByHour(Table byHour) {
    return writeParquet(byHour, frame(byHour), LakeNames.DT, LakeNames.HOUR);
  }

  /** {@code <output>/<table>/period=<period>/}: replaces this period's result only. */
  public String writeForPeriod(Table table, String period) {
    return writeParquet(
        table, frame(table).withColumn(KpiColumns.PERIOD, lit(period)), KpiColumns.PERIOD);
  }

  /**
   * {@code <output>/top_paths_csv/period=<period>/top_paths.csv}: one CSV file with a header line,
   * replacing that period's file.
   */
  public String writeCsv(Table topPaths, String period) {
    String dir =
        LakeNames.under(output, AnalyticsNames.periodDir(AnalyticsNames.TOP_PATHS_CSV, period));
    frame(topPaths).coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(dir);
    try {
      Path dirPath = new Path(URI.create(dir));
      FileSystem fs = dirPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (FileStatus f : fs.listStatus(dirPath)) {
        String name = f.getPath().getName();
        if (name.startsWith("part-") && name.endsWith(".csv")) {
          Path target = new Path(dirPath, CSV_FILE_NAME);
          if (!fs.rename(f.getPath(), target)) {
            throw new IOException("cannot rename " + f.getPath() + " to " + target);
          }
          return target.toString();
        }
      }
      throw new IOException("Spark wrote no CSV part file under " + dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String writeParquet(Table table, Dataset<Row> frame, String... partitionBy) {
    String dir = LakeNames.under(output, table.name());
    frame
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(partitionBy)
        .parquet(dir);
    return dir;
  }

  private Dataset<Row> frame(Table table) {
    return spark.createDataFrame(table.rows(), table.schema());
  }
}
