package io.logpipe.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits for asynchronous work by checking a condition until it holds or a deadline passes, never by
 * a fixed sleep: the deadline only bounds a hang.
 *
 * <p>Every method takes its arguments in one order: {@code (timeout, what, check...)}: how long at
 * most, what is awaited (named in the failure), then the check, last so that it reads as a lambda.
 * A check may throw, and may assert: its exception or assertion error fails the wait at once.
 */
public final class Await {

  /** Short enough that a condition that holds soon is seen soon. */
  private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(1).toNanos();

  /**
   * Long enough that a costly check (a directory listing, an Admin request) is not run flat out.
   */
  private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

  /** A condition to wait for. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** A value to look at again on each check. */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError when {@code timeout} passes first
   */
  public static void until(Duration timeout, String what, Condition condition) throws Exception {
    until(timeout, what, condition::holds, Boolean::booleanValue);
  }

  /**
   * Returns the first value of {@code probe} that {@code done} accepts.
   *
   * @throws AssertionError when {@code timeout} passes first, naming the last value seen
   */
  public static <T> T until(Duration timeout, String what, Probe<T> probe, Predicate<T> done)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      T last = probe.get();
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "timed out after "
                + timeout.toSeconds()
                + " s waiting for "
                + what
                + (last instanceof Boolean ? "" : "; last seen: " + last));
      }
      // A pause between checks, growing, so that waits of seconds cost few checks.
      TimeUnit.NANOSECONDS.sleep(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }
}
