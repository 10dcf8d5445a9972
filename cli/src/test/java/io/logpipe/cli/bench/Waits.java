package io.logpipe.cli.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling a condition with a deadline, with a progress line on stderr every few seconds. */
final class Waits {

  /** Short enough that polling adds at most this much to a measured time. */
  static final long POLL_MILLIS = 20;

  static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final PrintStream progress = System.err;

  private Waits() {}

  /**
   * Polls {@code done} every {@link #POLL_MILLIS} until it holds.
   *
   * @param what names the wait in progress lines and in the timeout message
   * @param status the progress line's content, also called to check health (it may throw)
   * @return System.nanoTime() at which {@code done} was first seen true
   * @throws IllegalStateException when {@code timeout} passes first
   */
  static long until(String what, Duration timeout, BooleanSupplier done, Supplier<String> status)
      throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    long nextProgress = t0 + PROGRESS_EVERY_NANOS;
    while (true) {
      if (done.getAsBoolean()) {
        return System.nanoTime();
      }
      long now = System.nanoTime();
      if (now - deadline > 0) {
        throw new IllegalStateException(
            what + ": not done within " + timeout.toSeconds() + " s (" + status.get() + ")");
      }
      if (now - nextProgress >= 0) {
        progress.printf(Locale.ROOT, "  [%s] %.0f s: %s%n", what, (now - t0) / 1e9, status.get());
        nextProgress = now + PROGRESS_EVERY_NANOS;
      }
      Thread.sleep(POLL_MILLIS); // polling interval of a deadline-bounded wait
    }
  }

  /** Seconds between two {@link System#nanoTime()} readings. */
  static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }
}
