package io.logpipe.analytics;

import io.logpipe.analytics.partial.HourInput;
import io.logpipe.lake.HourPartition;
import io.logpipe.metrics.Monitoring;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --watch}: a long-running loop on one SparkSession that lists the lake every poll interval
 * and, when an hour gets its {@code _SUCCESS} or late rows (the sink's late traces), computes
 * exactly those hours' partials, refreshes the period tables and the report, and logs one line per
 * hour. A poll that finds nothing to do runs no Spark job. Bad input (no lake yet, no complete hour
 * yet) is reported once and waited out; any other failure is reported and retried at the next poll.
 * Each poll's outcome is counted on the given {@link Monitoring} ({@link WatchMetrics}), which
 * {@link #close()} closes.
 */
public final class LakeWatch implements AutoCloseable {

  private final SparkSession spark;
  private final AnalyticsConfig config;
  private final PrintStream out;
  private final PrintStream err;
  private final WatchMetrics metrics;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean started;

  /**
   * @param config the job's configuration; hours are computed once complete whatever its {@code
   *     completeOnly} says
   * @param monitoring where the watch's meters and readiness go (served or not); closed with this
   */
  public LakeWatch(
      SparkSession spark,
      AnalyticsConfig config,
      Monitoring monitoring,
      PrintStream out,
      PrintStream err) {
    this(spark, config, new WatchMetrics(monitoring), out, err);
  }

  LakeWatch(
      SparkSession spark,
      AnalyticsConfig config,
      WatchMetrics metrics,
      PrintStream out,
      PrintStream err) {
    this.spark = spark;
    this.config = config.completeHoursOnly();
    this.out = out;
    this.err = err;
    this.metrics = metrics;
  }

  /** The {@code /metrics} address of the watch's endpoint, when it serves one. */
  public Optional<String> metricsUrl() {
    return metrics.url();
  }

  /** Runs the loop in a new thread; {@link #close()} stops it. */
  public LakeWatch start() {
    Thread t = new Thread(this::run, "analytics-watch");
    t.setDaemon(true);
    started = true;
    t.start();
    return this;
  }

  /** Runs the loop in the calling thread until {@link #close()} is called from another one. */
  public void run() {
    started = true;
    try {
      AnalyticsJob job = new AnalyticsJob(spark, out, err);
      String lastProblem = null;
      Map<HourPartition, HourInput.Source> refreshed = null;
      out.printf(
          Locale.ROOT,
          "watching %s every %s (%s), output %s%n",
          config.table().map(t -> "the Iceberg table " + t.table()).orElse(config.curatedPath()),
          config.pollInterval(),
          config.zone(),
          config.output());
      out.flush();
      while (stop.getCount() > 0) {
        try {
          long t0 = System.nanoTime();
          AnalyticsJob.Planned planned = job.plan(config);
          Map<HourPartition, HourInput.Source> selected = new HashMap<>();
          planned.selection().partitions().forEach(h -> selected.put(h.partition(), h.source()));
          // Something to do: an hour to compute, or another set of hours (one that got _SUCCESS
          // after its partials were computed by a run without --complete-only).
          if (refreshed == null
              || !planned.plan().work().isEmpty()
              || !selected.equals(refreshed)) {
            Set<HourPartition> written = new HashSet<>();
            if (refreshed != null) {
              for (Map.Entry<HourPartition, HourInput.Source> h : refreshed.entrySet()) {
                if (h.getValue().equals(selected.get(h.getKey()))) {
                  written.add(h.getKey());
                }
              }
            }
            AnalyticsJob.Pass pass = job.execute(config, planned, written, false);
            metrics.refreshed(
                pass.computed().size(),
                pass.summary().totalRequests(),
                pass.summary().partitions().size(),
                Duration.ofNanos(System.nanoTime() - t0),
                System.currentTimeMillis());
            out.printf(
                Locale.ROOT,
                "%s tables refreshed: %d hour(s) computed, period %s, %,d requests, %.1f s%n",
                LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                pass.computed().size(),
                pass.summary().period(),
                pass.summary().totalRequests(),
                (System.nanoTime() - t0) / 1e9);
            out.flush();
            refreshed = selected;
          } else {
            metrics.idle();
          }
          lastProblem = null;
        } catch (AnalyticsException e) {
          boolean badInput = e.exitCode() == AnalyticsException.EXIT_BAD_INPUT;
          if (badInput) {
            metrics.waiting(e.getMessage());
          } else {
            metrics.failed(e.getMessage());
          }
          String problem = (badInput ? "waiting: " : "error: ") + e.getMessage();
          if (!problem.equals(lastProblem)) {
            err.println(problem);
            err.flush();
          }
          lastProblem = problem;
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
          metrics.failed(SparkFailures.describe(e));
          err.println("error: analytics failed: " + SparkFailures.describe(e));
          err.flush();
        }
        stop.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  /** Whether the loop has started and not stopped yet. */
  public boolean running() {
    return started && stopped.getCount() > 0;
  }

  /** Stops the loop after the pass in progress, waits for it, then stops serving metrics. */
  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    try {
      if (started) {
        stopped.await();
      }
    } finally {
      metrics.close();
    }
  }
}
