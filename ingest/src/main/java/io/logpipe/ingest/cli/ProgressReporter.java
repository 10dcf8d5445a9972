package io.logpipe.ingest.cli;

import io.logpipe.ingest.produce.DeliveryCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how a run is going: on a terminal, one status line rewritten every second; otherwise a log
 * line every {@link #LOG_INTERVAL}, so that files and CI logs stay readable.
 */
final class ProgressReporter implements AutoCloseable {

  static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
  static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

  private final DeliveryCounters counters;
  private final PrintStream terminal;
  private final ScheduledExecutorService timer;
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long lastAcked;

  /**
   * @param terminal where to draw the status line, or null to log instead
   */
  ProgressReporter(DeliveryCounters counters, PrintStream terminal) {
    this.counters = counters;
    this.terminal = terminal;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ingest-progress");
              t.setDaemon(true);
              return t;
            });
    long period = (terminal != null ? TERMINAL_INTERVAL : LOG_INTERVAL).toMillis();
    timer.scheduleAtFixedRate(this::report, period, period, TimeUnit.MILLISECONDS);
  }

  /** Terminal output when stdin and stdout are a terminal, else logging. */
  static ProgressReporter forConsole(DeliveryCounters counters) {
    return new ProgressReporter(counters, System.console() != null ? System.err : null);
  }

  synchronized String line() {
    long now = System.nanoTime();
    long acked = counters.acknowledged();
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    double rate = (acked - lastAcked) / seconds;
    lastNanos = now;
    lastAcked = acked;
    return String.format(
        Locale.ROOT,
        "%6.0fs  sent %,d  acknowledged %,d  %,.0f lines/s  errors %,d  oversize %,d",
        (now - startNanos) / 1e9,
        counters.sent(),
        acked,
        rate,
        counters.failed(),
        counters.oversize());
  }

  private void report() {
    String line = line();
    if (terminal != null) {
      terminal.print("\r" + line + "   ");
      terminal.flush();
    } else {
      log.info(line);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (terminal != null) {
      terminal.println();
    }
  }
}
