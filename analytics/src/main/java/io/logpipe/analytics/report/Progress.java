package io.logpipe.analytics.report;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;

/**
 * Progress of the job's steps on stderr: on a terminal one status line rewritten every second
 * (step, elapsed time, Spark tasks done), otherwise a plain line every {@link
 * #LOG_INTERVAL_SECONDS} seconds; and one line with the duration when each step ends.
 */
public final class Progress implements AutoCloseable {

  /** Interval of the periodic lines when stderr is not a terminal. */
  public static final int LOG_INTERVAL_SECONDS = 10;

  private final PrintStream out;
  private final SparkStatusTracker tracker;
  private final boolean terminal;
  private final ScheduledExecutorService ticker;
  private volatile String step;
  private volatile long stepStart;
  private boolean statusShown;

  public Progress(PrintStream out, SparkStatusTracker tracker, boolean terminal) {
    this.out = out;
    this.tracker = tracker;
    this.terminal = terminal;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "analytics-progress");
              t.setDaemon(true);
              return t;
            });
    long period = terminal ? 1 : LOG_INTERVAL_SECONDS;
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
  }

  /** Marks the start of a step. */
  public synchronized void start(String name) {
    step = name;
    stepStart = System.nanoTime();
  }

  /** Marks the end of the current step and prints its duration. */
  public synchronized void end() {
    clearStatus();
    out.printf(
        Locale.ROOT,
        "[analytics] %s: %.1f s (JVM up %.1f s)%n",
        step,
        (System.nanoTime() - stepStart) / 1e9,
        jvmUptimeSeconds());
    step = null;
  }

  /** Prints a message line. */
  public synchronized void info(String message) {
    clearStatus();
    out.println("[analytics] " + message);
  }

  /**
   * Seconds since this JVM started: stamped on each step's line, so that a cold run's log shows
   * where its time went, start-up included.
   */
  public static double jvmUptimeSeconds() {
    return ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
  }

  private synchronized void tick() {
    String current = step;
    if (current == null) {
      return;
    }
    String line =
        String.format(
            Locale.ROOT,
            "[analytics] %s: %d s%s",
            current,
            (System.nanoTime() - stepStart) / 1_000_000_000L,
            tasks());
    if (terminal) {
      out.print("\r" + line + "\u001b[K");
      statusShown = true;
    } else {
      out.println(line + " ...");
    }
    out.flush();
  }

  private String tasks() {
    int done = 0;
    int total = 0;
    for (int id : tracker.getActiveStageIds()) {
      scala.Option<SparkStageInfo> info = tracker.getStageInfo(id);
      if (info.isDefined()) {
        done += info.get().numCompletedTasks();
        total += info.get().numTasks();
      }
    }
    return total == 0 ? "" : ", Spark tasks " + done + "/" + total;
  }

  private void clearStatus() {
    if (statusShown) {
      out.print("\r\u001b[K");
      statusShown = false;
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
