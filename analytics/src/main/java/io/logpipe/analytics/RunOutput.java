package io.logpipe.analytics;

import io.logpipe.analytics.kpi.KpiColumns;
import io.logpipe.analytics.kpi.Table;
import io.logpipe.analytics.kpi.TableWriter;
import io.logpipe.analytics.report.HtmlReport;
import io.logpipe.analytics.report.RunSummary;
import io.logpipe.analytics.report.SummaryJson;
import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes what one refresh produced under the output: the four tables, then {@code report.html},
 * then {@code summary.json} (last: its modification time identifies the run for readers).
 */
final class RunOutput {

  private final SparkSession spark;
  private final String output;

  RunOutput(SparkSession spark, String output) {
    this.spark = spark;
    this.output = output;
  }

  /**
   * Writes the tables, each replacing its own partitions only; returns table name to location. The
   * four are written at once: each is a small Spark job that mostly waits on the file system.
   */
  Map<String, String> writeTables(Table byHour, Table byHost, Table topPaths, String period) {
    TableWriter writer = new TableWriter(spark, output);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<String>> writes =
          List.of(
              CompletableFuture.supplyAsync(() -> writer.writeByHour(byHour), threads),
              CompletableFuture.supplyAsync(() -> writer.writeForPeriod(byHost, period), threads),
              CompletableFuture.supplyAsync(() -> writer.writeForPeriod(topPaths, period), threads),
              CompletableFuture.supplyAsync(() -> writer.writeCsv(topPaths, period), threads));
      Map<String, String> written = new LinkedHashMap<>();
      try {
        written.put(KpiColumns.KPI_BY_HOUR, writes.get(0).join());
        written.put(KpiColumns.KPI_BY_HOST, writes.get(1).join());
        written.put(KpiColumns.TOP_PATHS, writes.get(2).join());
        written.put(KpiColumns.TOP_PATHS_CSV, writes.get(3).join());
      } catch (CompletionException e) {
        writes.forEach(w -> w.exceptionally(t -> null).join()); // none still writing on return
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
      return written;
    } finally {
      threads.shutdown();
    }
  }

  /** Writes {@code report.html}, then {@code summary.json}. */
  void writeReport(RunSummary summary, Table byHour, Table byHost, Table topPaths) {
    writeText(
        LakeNames.under(output, AnalyticsNames.REPORT),
        HtmlReport.render(summary, byHour, byHost, topPaths));
    writeText(LakeNames.under(output, SummaryJson.FILE_NAME), SummaryJson.toJson(summary));
  }

  private void writeText(String uri, String text) {
    Path path = new Path(URI.create(uri));
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(path, true)) {
        os.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new AnalyticsException("cannot write " + uri + ": " + e.getMessage(), 1, e);
    }
  }
}
