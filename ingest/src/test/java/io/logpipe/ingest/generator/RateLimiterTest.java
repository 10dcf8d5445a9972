package io.logpipe.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  /** Time moves only when the limiter sleeps (or the test advances it); sleeps are recorded. */
  private static final class FakeClock implements NanoClock {
    long now = 1_000_000_000L;
    long slept;
    int sleeps;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      now += nanos;
      slept += nanos;
      sleeps++;
    }
  }

  @Test
  void paceMatchesTheRate() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(1_000, clock);
    long t0 = clock.now;
    for (int i = 0; i < 5_001; i++) {
      limiter.acquire();
    }
    // 5,001 events at 1,000/s: the last is due 5 s after the first.
    assertThat(clock.now - t0).isEqualTo(5_000_000_000L);
    assertThat(limiter.issued()).isEqualTo(5_001);
  }

  @Test
  void unlimitedRateNeverSleeps() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(0, clock);
    for (int i = 0; i < 100_000; i++) {
      limiter.acquire();
    }
    assertThat(clock.sleeps).isZero();
  }

  @Test
  void oversleepIsMadeUpOnTheFollowingEvents() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(100, clock);
    limiter.acquire();
    limiter.acquire(); // sleeps 10 ms
    clock.now += 35_000_000L; // the thread overslept 35 ms
    long before = clock.slept;
    limiter.acquire();
    limiter.acquire();
    limiter.acquire();
    assertThat(clock.slept).isEqualTo(before); // events 2, 3, 4 were already due: no waiting
    limiter.acquire(); // event 5 is due at 50 ms; we are at 45 ms
    assertThat(clock.slept - before).isEqualTo(5_000_000L);
  }

  @Test
  void aLongStallDoesNotTurnIntoAnUnboundedBurst() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = new RateLimiter(1_000, clock);
    limiter.acquire();
    clock.now += 10_000_000_000L; // the producer blocked for 10 s
    int burst = 0;
    long sleptBefore = clock.slept;
    while (clock.slept == sleptBefore) {
      limiter.acquire();
      burst++;
    }
    // At most MAX_CATCH_UP (1 s = 1,000 events) go out back to back, not 10,000.
    assertThat(burst).isBetween(1_000, 1_002);
  }

  @Test
  void shortWaitsAreBatchedIntoFewerSleeps() {
    FakeClock clock = new FakeClock();
    RateLimiter limiter =
        new RateLimiter(100_000, clock); // 10 µs per event, below the minimum sleep
    for (int i = 0; i < 100_000; i++) {
      limiter.acquire();
    }
    assertThat(clock.now - 1_000_000_000L).isBetween(999_000_000L, 1_000_000_000L);
    assertThat(clock.sleeps).isLessThan(100_000 / 10);
  }
}
