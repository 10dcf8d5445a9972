package io.logpipe.sink.consumer;

import java.time.Duration;
import java.time.Instant;

/**
 * A partition's run of failed writes: when it began, how many failed, and how long the partition
 * waits before it reads again (200 ms, doubling up to 30 s). A successful commit ends the run.
 *
 * @param failingSince when the first failure of the run happened
 * @param failures failures in the run, at least 1
 */
public record Backoff(Instant failingSince, int failures) {

  static final Duration FIRST_DELAY = Duration.ofMillis(200);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);

  public Backoff {
    if (failures < 1) {
      throw new IllegalArgumentException("a backoff follows at least one failure, got " + failures);
    }
  }

  /** The run that a failure at {@code now} starts. */
  public static Backoff first(Instant now) {
    return new Backoff(now, 1);
  }

  /** This run with one more failure. */
  public Backoff next() {
    return new Backoff(failingSince, failures + 1);
  }

  /** How long to wait after the latest failure. */
  public Duration delay() {
    Duration d = FIRST_DELAY.multipliedBy(1L << Math.min(failures - 1, 10));
    return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
  }

  /** How long the run has lasted at {@code now}. */
  public Duration failingFor(Instant now) {
    return Duration.between(failingSince, now);
  }
}
