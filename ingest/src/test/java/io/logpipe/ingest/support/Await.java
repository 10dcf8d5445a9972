package io.logpipe.ingest.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition with a deadline: the tests' way to wait for asynchronous work. */
public final class Await {

  public static final Duration DEFAULT = Duration.ofSeconds(90);
  private static final long PAUSE_NANOS = 2_000_000L;

  private Await() {}

  /** Returns when {@code condition} holds; fails the test after {@code timeout}. */
  public static void until(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      LockSupport.parkNanos(PAUSE_NANOS); // a short pause between checks, not a synchronisation
    }
  }

  public static void until(BooleanSupplier condition, String what) {
    until(condition, DEFAULT, what);
  }
}
