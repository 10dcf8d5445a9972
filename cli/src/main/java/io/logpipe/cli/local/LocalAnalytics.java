package io.logpipe.cli.local;

import io.logpipe.cli.analytics.AnalyticsLauncher;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * The Spark job of a local run: its own JVM (Spark never shares one with the broker), bounded by
 * {@link #TIMEOUT}, stopped with the run on Ctrl-C, and its {@code summary.json} read back for the
 * reconciliation.
 */
final class LocalAnalytics {

  /** Bound on the job: a hung child JVM fails the run with a message instead of blocking it. */
  static final Duration TIMEOUT = Duration.ofMinutes(30);

  /** Exit code recorded for a job stopped at {@link #TIMEOUT} (as timeout(1) uses). */
  static final int TIMED_OUT = 124;

  /** Exit code recorded when the job was not run ({@code --no-analytics}). */
  static final int NOT_RUN = -1;

  /** Exit code recorded when the job was asked for but nothing was curated to analyse. */
  static final int NOTHING_CURATED = -2;

  /**
   * What the job did: its exit code and, when it succeeded, its request totals.
   *
   * @param requests all requests of the period, null unless the job succeeded
   * @param perHour requests per {@code dt/hour} label, null unless the job succeeded
   */
  record Outcome(int exitCode, Long requests, Map<String, Long> perHour) {
    static Outcome of(int exitCode) {
      return new Outcome(exitCode, null, null);
    }
  }

  private final Consumer<String> say;
  private volatile Process job;
  private volatile boolean stopped;

  LocalAnalytics(Consumer<String> say) {
    this.say = say;
  }

  /** Stops a running job (Ctrl-C): the Spark JVM must not outlive this one. */
  void stop() {
    stopped = true;
    Process p = job;
    if (p != null) {
      p.destroy();
    }
  }

  /** Runs the job over {@code lake} (hours named in {@code zone}), writing to {@code output}. */
  Outcome run(URI lake, ZoneId zone, URI output, Configuration hadoopConf)
      throws IOException, InterruptedException {
    return run(lake, zone, output, hadoopConf, List.of());
  }

  /** As above, with more options of the job, e.g. {@code --table curated}. */
  Outcome run(URI lake, ZoneId zone, URI output, Configuration hadoopConf, List<String> more)
      throws IOException, InterruptedException {
    say.accept("Running analytics (Spark, local mode, own JVM)...");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--lake", lake.toString(), "--zone", zone.getId(), "--output", output.toString()));
    args.addAll(more);
    Process p = AnalyticsLauncher.forHome(AnalyticsLauncher.locateHome()).startLocal(args);
    job = p;
    try {
      if (stopped) {
        p.destroy();
      }
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        say.accept(
            String.format(
                "ERROR: analytics (Spark) did not finish within %s; stopping it. The run fails.",
                TIMEOUT));
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        return Outcome.of(TIMED_OUT);
      }
    } finally {
      job = null;
    }
    int exit = p.exitValue();
    if (exit != 0) {
      if (!stopped) {
        say.accept(String.format("Analytics failed with exit code %d", exit));
      }
      return Outcome.of(exit);
    }
    AnalyticsSummary summary = AnalyticsSummary.read(output, hadoopConf);
    return new Outcome(0, summary.requests(), summary.perHour());
  }
}
