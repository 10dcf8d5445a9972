package io.logpipe.ingest.cli;

import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import io.logpipe.metrics.MetricsPortOption;
import io.logpipe.metrics.Monitoring;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@link IngestRun} for a command: its monitoring ({@code --metrics-port}) while it runs,
 * progress, Ctrl-C turned into a clean stop (flush, then the summary), the summary on stdout and
 * the exit code.
 */
final class RunDriver {

  /** Exit code after Ctrl-C, as shells report a SIGINT death. */
  static final int EXIT_INTERRUPTED = 130;

  /** How long the shutdown hook lets the run flush before the JVM goes on exiting. */
  static final Duration HOOK_WAIT = Duration.ofSeconds(40);

  private RunDriver() {}

  static int execute(IngestRun run, MetricsPortOption metrics, PrintWriter out, PrintWriter err) {
    Monitoring monitoring;
    try {
      monitoring = metrics.start();
    } catch (IOException e) {
      err.println("error: " + metrics.cannotServe(e));
      return IngestSummary.EXIT_USAGE;
    }
    try (monitoring) {
      MetricsPortOption.servingLine(monitoring).ifPresent(err::println);
      err.flush();
      run.monitor(monitoring.registry());
      monitoring.health().register("ingest", run::status);
      return execute(run, out, err);
    }
  }

  private static int execute(IngestRun run, PrintWriter out, PrintWriter err) {
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              run.stop();
              try {
                // Wait for the summary to be printed, not just computed: the JVM halts when this
                // hook returns.
                if (!reported.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                  err.println(
                      "ingest did not finish flushing within "
                          + HOOK_WAIT.toSeconds()
                          + " s; exiting anyway");
                  err.flush();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    IngestSummary summary;
    try (ProgressReporter progress = ProgressReporter.forConsole(run.counters())) {
      run.run();
      summary = run.summary();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for this summary
      }
    }
    out.println(summary.render());
    out.flush();
    if (summary.error() != null) {
      err.println("error: " + summary.error());
      err.flush();
    }
    reported.countDown();
    if (summary.outcome() == IngestSummary.Outcome.STOPPED
        && summary.exitCode() == IngestSummary.EXIT_OK
        && run.isStopRequested()) {
      return EXIT_INTERRUPTED;
    }
    return summary.exitCode();
  }
}
