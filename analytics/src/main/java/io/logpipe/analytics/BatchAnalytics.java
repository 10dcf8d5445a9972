package io.logpipe.analytics;

import io.logpipe.analytics.cli.AnalyticsOptions;
import io.logpipe.analytics.report.Progress;
import io.logpipe.metrics.MetricsPortOption;
import io.logpipe.metrics.Monitoring;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * Entry point of the analytics batch job, for {@code spark-submit --class
 * io.logpipe.analytics.BatchAnalytics} and for {@code analytics/bin/batch-analytics} (a plain JVM
 * with Spark on the classpath).
 *
 * <p>Exit codes: 0 done, 2 bad option, 3 bad input (missing or empty lake, no data in range,
 * unexpected schema), 1 any other failure; {@code --watch} runs until Ctrl-C or SIGTERM. Failures
 * are printed as one {@code error: ...} line, never as a bare stack trace.
 */
public final class BatchAnalytics {

  /** Exit code of a successful run. */
  public static final int EXIT_OK = 0;

  /** Exit code of an unexpected failure. */
  public static final int EXIT_FAILURE = 1;

  /** Exit code of a bad command line. */
  public static final int EXIT_USAGE = 2;

  private BatchAnalytics() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Parses {@code args}, runs the job on a new SparkSession (stopped at the end) and returns the
   * exit code. Prints tables to {@code System.out}, progress and errors to {@code System.err}.
   */
  public static int run(String... args) {
    return execute(Optional.empty(), System.out, System.err, args);
  }

  /** Same as {@link #run(String...)} with the tables and progress sent to the given streams. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return execute(Optional.empty(), out, err, args);
  }

  /**
   * Same as {@link #run(String...)} on an existing session, which is left running ({@code --master}
   * is then ignored).
   */
  public static int run(SparkSession spark, PrintStream out, PrintStream err, String... args) {
    return execute(Optional.of(spark), out, err, args);
  }

  /** Runs the loop here; Ctrl-C or SIGTERM lets the pass in progress finish, then the JVM exits. */
  private static void watchUntilStopped(LakeWatch watch) {
    Thread hook =
        new Thread(
            () -> {
              try {
                watch.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "analytics-watch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    watch.run();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook stopped the loop
    }
  }

  /**
   * Starts {@code --watch} (implied: {@code args} need not say it) on an existing session, in a
   * thread of its own; {@link LakeWatch#close()} stops it and waits for the pass in progress.
   *
   * @throws IllegalArgumentException when {@code args} are not valid options
   * @throws IOException when {@code --metrics-port} cannot be served
   */
  public static LakeWatch startWatch(
      SparkSession spark, PrintStream out, PrintStream err, String... args) throws IOException {
    AnalyticsOptions options = new AnalyticsOptions();
    new CommandLine(options).parseArgs(args);
    AnalyticsConfig config = options.toWatchConfig();
    Monitoring monitoring = options.metrics().start();
    try {
      return new LakeWatch(spark, config, monitoring, out, err).start();
    } catch (RuntimeException | Error e) {
      monitoring.close(); // else the port stays bound for the caller's JVM
      throw e;
    }
  }

  private static int execute(
      Optional<SparkSession> existing, PrintStream out, PrintStream err, String... args) {
    AnalyticsOptions options = new AnalyticsOptions();
    CommandLine cli = new CommandLine(options);
    String name = System.getProperty(AnalyticsOptions.COMMAND_NAME_PROPERTY);
    if (name != null && !name.isBlank()) {
      cli.setCommandName(name);
    }
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    AnalyticsConfig config;
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return EXIT_OK;
      }
      config = options.toConfig();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("Try --help for the options.");
      return EXIT_USAGE;
    }
    WatchMetrics watchMetrics = null;
    if (config.watch()) {
      try {
        // Served before Spark starts, so that /readyz says the watch is starting meanwhile.
        Monitoring monitoring = options.metrics().start();
        MetricsPortOption.servingLine(monitoring).ifPresent(err::println);
        watchMetrics = new WatchMetrics(monitoring);
      } catch (IOException e) {
        err.println("error: " + options.metrics().cannotServe(e));
        return EXIT_USAGE;
      }
    }
    SparkSession spark = null;
    try {
      if (existing.isEmpty()) {
        spark = SparkSessions.create(config.master(), config.zone());
        err.printf(
            Locale.ROOT,
            "[analytics] Spark session ready, master %s (JVM up %.1f s)%n",
            spark.sparkContext().master(),
            Progress.jvmUptimeSeconds());
      } else {
        spark = existing.get();
      }
      if (watchMetrics != null) {
        watchUntilStopped(new LakeWatch(spark, config, watchMetrics, out, err));
      } else {
        new AnalyticsJob(spark, out, err).run(config);
      }
      return EXIT_OK;
    } catch (AnalyticsException e) {
      err.println("error: " + e.getMessage());
      return e.exitCode();
    } catch (Exception | LinkageError e) { // Spark throws its checked SparkException undeclared
      err.println("error: analytics failed: " + SparkFailures.describe(e));
      return EXIT_FAILURE;
    } finally {
      if (watchMetrics != null) {
        watchMetrics.close(); // closed already when the watch ran; not when Spark did not start
      }
      if (existing.isEmpty() && spark != null) {
        spark.stop();
        err.printf(
            Locale.ROOT,
            "[analytics] Spark session stopped (JVM up %.1f s)%n",
            Progress.jvmUptimeSeconds());
      }
    }
  }
}
