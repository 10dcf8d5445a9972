package io.logpipe.ingest.generator;

/**
 * Paces events to a steady rate against an absolute schedule (event n is due at {@code origin + n /
 * rate}), so that oversleeping on one event is made up on the next ones instead of drifting. After
 * a stall longer than {@link #MAX_CATCH_UP_NANOS} (for instance the producer blocking), the
 * schedule restarts from now rather than bursting to catch up. A rate of 0 means unlimited: {@link
 * #acquire()} returns at once.
 *
 * <p>Not thread-safe: one pacing thread.
 */
public final class RateLimiter {

  /** The largest backlog the limiter sends in a burst after a stall. */
  public static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

  /**
   * Waits shorter than this are skipped; the absolute schedule absorbs the error on the next
   * events.
   */
  static final long MIN_SLEEP_NANOS = 200_000L;

  private final double nanosPerEvent;
  private final NanoClock clock;
  private long origin;
  private long issued;
  private boolean started;

  /**
   * @param eventsPerSecond target rate; 0 for unlimited
   * @param clock time source and sleeper
   */
  public RateLimiter(double eventsPerSecond, NanoClock clock) {
    if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0, got " + eventsPerSecond);
    }
    this.nanosPerEvent = eventsPerSecond == 0 ? 0 : 1e9 / eventsPerSecond;
    this.clock = clock;
  }

  /** Blocks until the next event is due. */
  public void acquire() {
    if (nanosPerEvent == 0) {
      return;
    }
    long now = clock.nanoTime();
    if (!started) {
      origin = now;
      started = true;
    }
    long due = origin + (long) (issued * nanosPerEvent);
    if (now - due > MAX_CATCH_UP_NANOS) {
      // Too far behind: forget the backlog beyond the catch-up allowance.
      origin = now - MAX_CATCH_UP_NANOS - (long) (issued * nanosPerEvent);
      due = origin + (long) (issued * nanosPerEvent);
    }
    while (due - now >= MIN_SLEEP_NANOS) {
      clock.sleepNanos(due - now);
      now = clock.nanoTime();
    }
    issued++;
  }

  /** Events let through so far. */
  public long issued() {
    return issued;
  }
}
