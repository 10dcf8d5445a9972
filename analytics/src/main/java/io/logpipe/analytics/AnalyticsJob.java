package io.logpipe.analytics;

import io.logpipe.analytics.kpi.KpiColumns;
import io.logpipe.analytics.kpi.KpiTables;
import io.logpipe.analytics.kpi.Table;
import io.logpipe.analytics.lake.CuratedSource;
import io.logpipe.analytics.lake.HourDirectory;
import io.logpipe.analytics.lake.HourRange;
import io.logpipe.analytics.lake.PartitionSelector;
import io.logpipe.analytics.partial.HourInput;
import io.logpipe.analytics.partial.HourPlan;
import io.logpipe.analytics.partial.PartialComputation;
import io.logpipe.analytics.partial.PartialStore;
import io.logpipe.analytics.partial.PartialWrite;
import io.logpipe.analytics.partial.PeriodKpis;
import io.logpipe.analytics.partial.PeriodPartials;
import io.logpipe.analytics.report.ConsoleTables;
import io.logpipe.analytics.report.Progress;
import io.logpipe.analytics.report.RunSummary;
import io.logpipe.analytics.report.SummaryJson;
import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the batch analytics on a given SparkSession: select the hours, compute the partials of
 * those that have none or stale ones (one pass over their raw rows), merge the period's tables from
 * the stored partials, write them (idempotently), print them, and write {@code report.html} and
 * {@code summary.json}.
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
  private PartialStore store;
  private PeriodPartials periodPartials;
  private CuratedSource source;
  private List<Object> sourceKey;

  /**
   * @param spark the session to run on (never stopped here)
   * @param out receives the tables' first rows and one line per hour computed
   * @param progress receives progress: one line per step with its duration, and a status line every
   *     second on a terminal (every 10 s otherwise) while a step runs
   */
  public AnalyticsJob(SparkSession spark, PrintStream out, PrintStream progress) {
    this.spark = spark;
    this.out = out;
    this.progressOut = progress;
  }

  /**
   * What one pass did.
   *
   * @param summary what the tables were computed from (also in {@code <output>/summary.json})
   * @param computed the hours whose partials were computed, in time order
   */
  public record Pass(RunSummary summary, List<HourPartition> computed) {}

  /**
   * Runs the job.
   *
   * @return what was read and written (also in {@code <output>/summary.json})
   * @throws AnalyticsException on bad input (exit code 3) or when writing the output fails (exit
   *     code 1)
   */
  public RunSummary run(AnalyticsConfig config) {
    return withProgress(
            progressOut == System.err && System.console() != null,
            () -> {
              Planned planned =
                  step("list the hours of " + source(config).describe(), () -> plan(config));
              return execute(config, planned, Set.of(), true);
            })
        .summary();
  }

  /** Runs {@code work} with a progress reporter, unless one is running already. */
  private Pass withProgress(boolean live, java.util.function.Supplier<Pass> work) {
    if (progress != null) {
      return work.get();
    }
    try (Progress p = new Progress(progressOut, spark.sparkContext().statusTracker(), live)) {
      progress = p;
      return work.get();
    } finally {
      progress = null;
    }
  }

  /**
   * The hours of a pass and what to compute, found by listing only (no Spark job).
   *
   * @param selection the selected curated hours
   * @param plan which of them to compute
   */
  public record Planned(PartitionSelector.Selection selection, HourPlan plan) {}

  /**
   * Lists the lake and compares each selected hour with its stored partials.
   *
   * @throws AnalyticsException on bad input (no lake, nothing in range, an unknown {@code --hour})
   */
  public Planned plan(AnalyticsConfig config) {
    CuratedSource source = source(config);
    PartitionSelector.Selection selection = source.select(config.range(), config.completeOnly());
    String curated = source.describe();
    Optional<HourPartition> forced =
        config.hour().map(h -> new HourPartition(h.toLocalDate(), h.getHour()));
    if (forced.isPresent()
        && selection.partitions().stream().noneMatch(h -> h.partition().equals(forced.get()))) {
      throw new AnalyticsException(
          "no data to analyse in --hour "
              + forced.get().label()
              + " at "
              + curated
              + (config.completeOnly()
                  ? config.table().isPresent()
                      ? " (marked complete)"
                      : " (with " + LakeNames.SUCCESS + ")"
                  : ""));
    }
    PartialStore store = store(config);
    try {
      return new Planned(selection, HourPlan.of(selection.partitions(), store, forced));
    } catch (IOException e) {
      throw new AnalyticsException(
          "cannot read the partials under " + store.table() + ": " + e.getMessage(), 1, e);
    }
  }

  /** The job's input, one per configuration so that a plan and its pass read one snapshot. */
  private CuratedSource source(AnalyticsConfig config) {
    List<Object> key = List.of(config.lake(), config.table());
    if (source == null || !key.equals(sourceKey)) {
      source = config.source(spark);
      sourceKey = key;
    }
    return source;
  }

  /**
   * The output's partials and their period reader, one of each per job so that a watch's passes
   * share what they know.
   */
  private PartialStore store(AnalyticsConfig config) {
    if (store == null || !store.output().equals(config.output())) {
      store = new PartialStore(config.output(), spark.sparkContext().hadoopConfiguration());
      periodPartials = new PeriodPartials(spark, store);
    }
    return store;
  }

  /**
   * Computes what {@code planned} says and refreshes the tables.
   *
   * @param written hours whose {@code kpi_by_hour} row an earlier pass of this job wrote from the
   *     same files: unless computed now, their row is not written again
   */
  public Pass execute(
      AnalyticsConfig config, Planned planned, Set<HourPartition> written, boolean printTables) {
    return withProgress(false, () -> executeWithProgress(config, planned, written, printTables));
  }

  private Pass executeWithProgress(
      AnalyticsConfig config, Planned planned, Set<HourPartition> written, boolean printTables) {
    // Partition values stay strings ("07", not 7): tables are written back with the lake's names.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    String curated = source(config).describe();
    PartitionSelector.Selection selection = planned.selection();
    HourPlan plan = planned.plan();
    PartialStore store = store(config);
    HourRange span = selection.span();
    progress.info(
        "reading "
            + selection.partitions().size()
            + " hour partition(s) "
            + span
            + (config.table().isPresent() ? " of " + curated : "")
            + " ("
            + config.zone()
            + "), computing "
            + plan.work().size()
            + (selection.unexpected().isEmpty()
                ? ""
                : "; ignoring unexpected entries " + selection.unexpected()));
    Map<HourPartition, Long> requests = new LinkedHashMap<>(plan.storedRequests());
    ComputedHours computedHours = null;
    if (!plan.work().isEmpty()) {
      computedHours = computePartials(config, curated, selection, plan, store);
      requests.putAll(computedHours.rows());
    } else if (plan.storedTotal() == 0) {
      throw noRows(span, curated);
    }
    List<HourPartition> computed = plan.work().stream().map(w -> w.hour().partition()).toList();
    // kpi_by_hour rows to write: the hours computed now and those no earlier pass wrote (all of
    // them in a first pass).
    Set<HourPartition> changed = new java.util.HashSet<>(computed);
    selection.partitions().stream()
        .map(HourDirectory::partition)
        .filter(h -> !written.contains(h))
        .forEach(changed::add);
    Runnable finish = computedHours == null ? () -> {} : computedHours.finish();
    try {
      return new Pass(
          refreshTables(config, selection, requests, store, changed, printTables, finish),
          computed);
    } finally {
      if (computedHours != null) {
        // A failed refresh still waits for the write: no later pass may write the same hours
        // while it runs.
        computedHours.write().await();
      }
    }
  }

  private ComputedHours computePartials(
      AnalyticsConfig config,
      String curated,
      PartitionSelector.Selection selection,
      HourPlan plan,
      PartialStore store) {
    List<HourDirectory> hours = plan.work().stream().map(HourPlan.Work::hour).toList();
    PartitionSelector.Selection toRead = new PartitionSelector.Selection(hours, List.of(), 0, 0);
    long t0 = System.nanoTime();
    CuratedSource source = source(config);
    Dataset<Row> events = step("check schema", () -> source.read(toRead));
    PartialComputation computation = new PartialComputation(spark);
    PartialComputation.Computed computed =
        compute(
            "partials of " + hours.size() + " hour(s)",
            () -> computation.compute(events, hours.size()));
    Map<HourPartition, Long> rows = new LinkedHashMap<>();
    for (HourDirectory h : hours) {
      rows.put(
          h.partition(), computed.requests().getOrDefault(h.dtValue() + "/" + h.hourValue(), 0L));
    }
    if (plan.storedTotal() + rows.values().stream().mapToLong(Long::longValue).sum() == 0) {
      throw noRows(selection.span(), curated);
    }
    // The merge takes these rows as they are, rather than reading back what is written.
    for (HourDirectory h : hours) {
      periodPartials.keep(h, computed.rows(h.dtValue() + "/" + h.hourValue()));
    }
    PartialWrite write = PartialWrite.start(computed, store.table());
    return new ComputedHours(rows, write, () -> finishPartials(write, plan, rows, store, t0));
  }

  /**
   * The hours computed by a pass, their rows per hour, and the write of their partials, which runs
   * beside the period tables' merge and write: {@code finish} waits for it, then records each
   * hour's {@code _INPUT} (only after its partials are complete) and logs the hours done.
   */
  private record ComputedHours(
      Map<HourPartition, Long> rows, PartialWrite write, Runnable finish) {}

  private void finishPartials(
      PartialWrite write,
      HourPlan plan,
      Map<HourPartition, Long> rows,
      PartialStore store,
      long t0) {
    step(
        "write partials under " + store.table(),
        () -> {
          Throwable failed = write.await();
          if (failed instanceof AnalyticsException e) {
            throw e;
          } else if (failed != null) {
            throw new AnalyticsException(
                "failed to write partials under "
                    + store.table()
                    + ": "
                    + SparkFailures.describe(failed),
                1,
                failed);
          }
          progress.info(
              String.format(
                  Locale.ROOT, "partials written beside the tables in %.1f s", write.seconds()));
          for (HourPlan.Work w : plan.work()) {
            HourDirectory h = w.hour();
            try {
              store.writeInput(h.partition(), new HourInput(rows.get(h.partition()), h.source()));
            } catch (IOException e) {
              throw new AnalyticsException(
                  "cannot write the partials of " + h.partition().label() + ": " + e.getMessage(),
                  1,
                  e);
            }
          }
          return null;
        });
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (HourPlan.Work w : plan.work()) {
      out.printf(
          Locale.ROOT,
          "hour %s done: %,d rows (%s), %d of %d hour(s) in %.1f s%n",
          w.hour().partition().label(),
          rows.get(w.hour().partition()),
          w.reason(),
          plan.work().indexOf(w) + 1,
          plan.work().size(),
          seconds);
    }
    out.flush();
  }

  private RunSummary refreshTables(
      AnalyticsConfig config,
      PartitionSelector.Selection selection,
      Map<HourPartition, Long> requests,
      PartialStore store,
      Set<HourPartition> hoursToWrite,
      boolean printTables,
      Runnable finishPartials) {
    HourRange span = selection.span();
    String period =
        HourRange.format(config.from().orElse(span.from()))
            + "_"
            + HourRange.format(config.to().orElse(span.to()));
    List<HourDirectory> withRows =
        selection.partitions().stream()
            .filter(h -> requests.getOrDefault(h.partition(), 0L) > 0)
            .toList();
    PeriodPartials partials = periodPartials;
    PeriodKpis kpis = compute("period tables from the partials", () -> partials.merge(withRows));
    Table byHour = kpis.byHour();
    Table byHost = kpis.byHost();
    Table topPaths = kpis.topPaths(config.top());
    List<RunSummary.HourCount> perHour = new ArrayList<>();
    for (Row r : byHour.rows()) {
      perHour.add(
          new RunSummary.HourCount(
              r.getAs(LakeNames.DT), r.getAs(LakeNames.HOUR), r.getAs(KpiColumns.REQUESTS)));
    }

    RunOutput output = new RunOutput(spark, config.output());
    Map<String, String> written = new LinkedHashMap<>();
    step(
        "write tables under " + config.output(),
        () -> {
          Table hoursChanged = KpiTables.hoursOf(byHour, hoursToWrite);
          written.putAll(output.writeTables(hoursChanged, byHost, topPaths, period));
          written.put(AnalyticsNames.HOURLY, store.table());
          return null;
        });

    // The partials' write ran beside the merge and the tables; _INPUT records and the summary
    // wait for it.
    finishPartials.run();

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
            kpis.requests(),
            kpis.requestsWithResponseTime(),
            perHour,
            selection.skippedIncomplete(),
            selection.unexpected(),
            written);
    step(
        "write " + REPORT_FILE_NAME + " and " + SummaryJson.FILE_NAME,
        () -> {
          output.writeReport(summary, byHour, byHost, topPaths);
          return null;
        });

    if (printTables) { // a watch logs one line per refresh instead
      out.printf(
          Locale.ROOT,
          "%n%,d requests in %d hour(s) %s, %,d with a response time; period %s%n%n",
          kpis.requests(),
          perHour.size(),
          span,
          kpis.requestsWithResponseTime(),
          period);
      for (Table t : List.of(topPaths, byHour, byHost)) {
        ConsoleTables.print(t, CONSOLE_ROWS, out);
        out.println();
      }
      out.println("report: " + config.output() + "/" + REPORT_FILE_NAME);
      out.println("summary: " + config.output() + "/" + SummaryJson.FILE_NAME);
    }
    out.flush();
    return summary;
  }

  private static AnalyticsException noRows(HourRange span, String curated) {
    return new AnalyticsException(
        "no rows to analyse "
            + span
            + " under "
            + curated
            + ": the selected Parquet files are empty");
  }

  /** A computation over the lake: Spark failures here come from the input files. */
  private <T> T compute(String what, Supplier<T> computation) {
    return step(
        "compute " + what,
        () -> {
          try {
            return computation.get();
          } catch (AnalyticsException e) {
            throw e;
          } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw new AnalyticsException(
                "cannot compute " + what + " from the lake: " + SparkFailures.describe(e), e);
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
}
