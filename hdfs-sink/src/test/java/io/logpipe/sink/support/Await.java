package io.logpipe.sink.support;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes (the deadline only bounds a hang). */
public final class Await {

  private Await() {}

  public static void until(Duration timeout, String what, Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(50); // polling interval, not synchronisation: the condition is re-checked
    }
  }
}
