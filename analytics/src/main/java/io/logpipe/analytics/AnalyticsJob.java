package io.logpipe.analytics;

import io.logpipe.analytics.kpi.KpiCalculator;
import io.logpipe.analytics.kpi.KpiColumns;
import io.logpipe.analytics.kpi.Table;
import io.logpipe.analytics.kpi.TableWriter;
import io.logpipe.analytics.lake.HourRange;
import io.logpipe.analytics.lake.LakeReader;
import io.logpipe.analytics.lake.PartitionSelector;
import io.logpipe.analytics.report.ConsoleTables;
import io.logpipe.analytics.report.HtmlReport;
import io.logpipe.analytics.report.Progress;
import io.logpipe.analytics.report.RunSummary;
import io.logpipe.analytics.report.SummaryJson;
import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the batch analytics on a given SparkSession: select the hours, read them, compute the
 * KPI tables, write them (idempotently), print them, and write {@code report.html} and {@code
 * summary.json}.
 */
public final class AnalyticsJob {

  /** Name of the HTML report under the output. */
  public static final String REPORT_FILE_NAME = AnalyticsNames.REPORT;

  /** Rows of each table printed on the console. */
  public static final int CONSOLE_ROWS = 20;

  private final SparkSession spark;
  private final PrintStream out;
  private final PrintStream progressOut;
  private Progress progress;

  /**
   * @param spark the session to run on (never stopped here)
   * @param out receives the tables' first rows
   * @param progress receives progress: one line per step with its duration, and a status line every
   *     second on a terminal (every 10 s otherwise) while a step runs
   */
  public AnalyticsJob(SparkSession spark, PrintStream out, PrintStream progress) {
    this.spark = spark;
    this.out = out;
    this.progressOut = progress;
  }

  /**
   * Runs the job.
   *
   * @return what was read and written (also in {@code <output>/summary.json})
   * @throws AnalyticsException on bad input (exit code 3) or when writing the output fails (exit
   *     code 1)
   */
  public RunSummary run(AnalyticsConfig config) {
    try (Progress p =
        new Progress(
            progressOut,
            spark.sparkContext().statusTracker(),
            progressOut == System.err && System.console() != null)) {
      progress = p;
      return doRun(config);
    }
  }

  private RunSummary doRun(AnalyticsConfig config) {
    String curated = config.curatedPath();
    PartitionSelector.Selection selection =
        step(
            "list partitions under " + curated,
            () ->
                new PartitionSelector(spark.sparkContext().hadoopConfiguration())
                    .select(curated, config.range(), config.completeOnly()));
    HourRange span = selection.span();
    progress.info(
        "reading "
            + selection.partitions().size()
            + " hour partition(s) "
            + span
            + " ("
            + config.zone()
            + ")"
            + (selection.unexpected().isEmpty()
                ? ""
                : "; ignoring unexpected entries " + selection.unexpected()));
    String period =
        HourRange.format(config.from().orElse(span.from()))
            + "_"
            + HourRange.format(config.to().orElse(span.to()));

    Dataset<Row> events =
        step("check schema", () -> new LakeReader(spark).read(curated, selection));
    KpiCalculator kpis = new KpiCalculator();
    Table byHour = compute("kpi_by_hour", () -> kpis.byHour(events));
    long total = 0;
    long withRt = 0;
    List<RunSummary.HourCount> perHour = new ArrayList<>();
    for (Row r : byHour.rows()) {
      long requests = r.getAs(KpiColumns.REQUESTS);
      total += requests;
      withRt += (long) r.<Long>getAs(KpiColumns.RT_COUNT);
      perHour.add(new RunSummary.HourCount(r.getAs("dt"), r.getAs("hour"), requests));
    }
    if (total == 0) {
      throw new AnalyticsException(
          "no rows to analyse "
              + span
              + " under "
              + curated
              + ": the selected Parquet files are empty");
    }
    long totalRequests = total;
    Table byHost = compute("kpi_by_host", () -> kpis.byHost(events));
    Table topPaths = compute("top_paths", () -> kpis.topPaths(events, totalRequests, config.top()));

    TableWriter writer = new TableWriter(spark, config.output());
    Map<String, String> written = new LinkedHashMap<>();
    step(
        "write tables under " + config.output(),
        () -> {
          written.put(KpiColumns.KPI_BY_HOUR, writer.writeByHour(byHour));
          written.put(KpiColumns.KPI_BY_HOST, writer.writeForPeriod(byHost, period));
          written.put(KpiColumns.TOP_PATHS, writer.writeForPeriod(topPaths, period));
          written.put(KpiColumns.TOP_PATHS_CSV, writer.writeCsv(topPaths, period));
          return null;
        });

    RunSummary summary =
        new RunSummary(
            config.lake(),
            config.output(),
            period,
            config.from().map(HourRange::format).orElse(null),
            config.to().map(HourRange::format).orElse(null),
            HourRange.format(span.from()),
            HourRange.format(span.to()),
            config.completeOnly(),
            totalRequests,
            withRt,
            perHour,
            selection.skippedIncomplete(),
            selection.unexpected(),
            written);
    step(
        "write " + REPORT_FILE_NAME + " and " + SummaryJson.FILE_NAME,
        () -> {
          writeText(
              LakeNames.under(config.output(), REPORT_FILE_NAME),
              HtmlReport.render(summary, byHour, byHost, topPaths));
          writeText(
              LakeNames.under(config.output(), SummaryJson.FILE_NAME), SummaryJson.toJson(summary));
          return null;
        });

    out.printf(
        Locale.ROOT,
        "%n%,d requests in %d hour(s) %s, %,d with a response time; period %s%n%n",
        totalRequests,
        perHour.size(),
        span,
        withRt,
        period);
    for (Table t : List.of(topPaths, byHour, byHost)) {
      ConsoleTables.print(t, CONSOLE_ROWS, out);
      out.println();
    }
    out.println("report: " + config.output() + "/" + REPORT_FILE_NAME);
    out.println("summary: " + config.output() + "/" + SummaryJson.FILE_NAME);
    out.flush();
    return summary;
  }

  /** A computation over the lake: Spark failures here come from the input files. */
  private Table compute(String table, Supplier<Table> computation) {
    return step(
        "compute " + table,
        () -> {
          try {
            return computation.get();
          } catch (AnalyticsException e) {
            throw e;
          } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw new AnalyticsException(
                "cannot compute " + table + " from the lake: " + SparkFailures.describe(e), e);
          }
        });
  }

  private <T> T step(String what, Supplier<T> action) {
    progress.start(what);
    try {
      return action.get();
    } catch (AnalyticsException e) {
      throw e;
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      throw new AnalyticsException("failed to " + what + ": " + SparkFailures.describe(e), 1, e);
    } finally {
      progress.end();
    }
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
