package io.logpipe.dashboard;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline (never a fixed sleep): returns the first value that
 * satisfies it.
 */
final class Poll {

  private Poll() {}

  static <T> T until(
      Duration deadline, String what, Supplier<T> probe, java.util.function.Predicate<T> done)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    T last = null;
    while (System.nanoTime() < end) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100); // pacing between probes, not synchronisation: the deadline decides
    }
    throw new AssertionError(
        "not within " + deadline.toSeconds() + " s: " + what + "; last seen: " + last);
  }
}
