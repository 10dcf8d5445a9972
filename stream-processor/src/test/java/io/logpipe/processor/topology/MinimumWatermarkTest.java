package io.logpipe.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Windows close on the minimum of the raw partitions' progress, with the idle-partition rule: a
 * partition far ahead closes nothing alone, a silent one stops holding the windows back after the
 * idle timeout (driver wall clock), and one that resumes holds them again, its partials for windows
 * closed meanwhile counted late, never dropped.
 */
class MinimumWatermarkTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant WALL = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration IDLE = Duration.ofSeconds(30);

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static String key(int seconds, int status) {
    return StatusCountKey.of(at(seconds), status);
  }

  @Test
  void aPartitionFarAheadClosesNoWindowUntilTheSlowestProgresses() {
    try (WindowCounterFixture f = new WindowCounterFixture(3, IDLE, WALL)) {
      f.partial(at(0), 200, 5); // partition 0
      f.progress(0, at(3600)); // an hour ahead
      f.partial(at(0), 200, 2); // partition 1
      f.progress(1, at(50));
      f.partial(at(0), 200, 1); // partition 2
      f.progress(2, at(95));
      assertThat(f.finals.isEmpty())
          .as("window [0,60) closes at 90 s; partition 1 is at 50 s")
          .isTrue();

      f.partial(at(0), 200, 4); // partition 1, still in time for its window
      f.progress(1, at(120));

      assertThat(f.readFinals()).containsExactly(Map.entry(key(0, 200), 12L));
      assertThat(f.late.isEmpty()).isTrue();
      assertThat(f.metrics.lateEvents()).isZero();
    }
  }

  @Test
  void aPartitionThatNeverReportedHoldsTheWindowsForOneIdleTimeoutThenNoLonger() {
    try (WindowCounterFixture f = new WindowCounterFixture(3, IDLE, WALL)) {
      f.partial(at(0), 404, 3);
      f.progress(0, at(200));
      f.progress(1, at(300));
      f.advanceWallClock(IDLE.minusSeconds(1));
      assertThat(f.finals.isEmpty()).as("partition 2 (from metadata) may still report").isTrue();

      f.advanceWallClock(Duration.ofSeconds(1));

      assertThat(f.readFinals()).containsExactly(Map.entry(key(0, 404), 3L));
    }
  }

  @Test
  void anIdlePartitionStopsHoldingTheWindowsAndHoldsThemAgainWhenItResumes() {
    try (WindowCounterFixture f = new WindowCounterFixture(3, IDLE, WALL)) {
      f.progress(0, at(10));
      f.progress(1, at(10));
      f.progress(2, at(10));
      f.partial(at(60), 200, 7);
      f.progress(0, at(400));
      f.progress(1, at(400));
      f.advanceWallClock(IDLE.minusSeconds(1));
      assertThat(f.finals.isEmpty()).as("partition 2 is silent, not yet idle").isTrue();
      f.advanceWallClock(Duration.ofSeconds(1)); // partition 0 and 1 reported within the timeout
      // Partitions 0 and 1 reported 30 s ago too: all idle, the watermark is the highest progress.
      assertThat(f.readFinals()).containsExactly(Map.entry(key(60, 200), 7L));

      // Partition 2 resumes: its partial for a window that closed meanwhile is late, not dropped.
      f.partial(at(60), 200, 2);
      f.progress(2, at(130));
      assertThat(f.readLate()).containsExactly(Map.entry(key(60, 200), 2L));
      assertThat(f.metrics.lateEvents()).isEqualTo(2);

      // It holds the windows again: partitions 0 and 1 far ahead close nothing past it.
      f.partial(at(420), 200, 1);
      f.progress(0, at(900));
      f.progress(1, at(900));
      assertThat(f.finals.isEmpty()).as("partition 2 is at 130 s").isTrue();
      f.partial(at(420), 200, 1);
      f.progress(2, at(520)); // window [420,480) closes at 510 s
      assertThat(f.readFinals()).containsExactly(Map.entry(key(420, 200), 2L));
      assertThat(f.late.isEmpty()).isTrue();
    }
  }

  @Test
  void aSilentPartitionGoesIdleWhileTheOthersKeepReporting() {
    try (WindowCounterFixture f = new WindowCounterFixture(3, IDLE, WALL)) {
      f.progress(2, at(5)); // partition 2 reports once, then falls silent
      f.partial(at(0), 500, 1);
      for (int s = 1; s <= 40; s++) { // 0 and 1 report every second, 10 s of event time each
        f.advanceWallClock(Duration.ofSeconds(1));
        f.progress(0, at(10 * s));
        f.progress(1, at(10 * s - 5));
        if (s < 30) {
          assertThat(f.finals.isEmpty()).as("partition 2 holds the windows at %d s", s).isTrue();
        }
      }
      // Idle since second 30: the watermark is the minimum of the active ones (395 s), not 400 s.
      Map<String, Long> finals = f.readFinals();
      assertThat(finals).containsExactly(Map.entry(key(0, 500), 1L));
      f.partial(at(300), 500, 1); // partition 1, window [300,360) closes at 390 s: late
      f.partial(at(300), 200, 1); // partition 1, the same window
      f.partial(at(360), 200, 1); // window [360,420) closes at 450 s: open
      assertThat(f.readLate()).containsOnlyKeys(key(300, 500), key(300, 200));
    }
  }

  /**
   * The invariant, under random interleavings of three raw tasks that drift apart, go silent past
   * the idle timeout, resume, and send events out of order: for every window and status, final +
   * late = the events sent, and every window gets at most one final count.
   */
  @Test
  void finalPlusLateEqualsEverythingSentUnderRandomSkewIdlenessAndResumption() {
    for (long seed = 1; seed <= 10; seed++) {
      Random random = new Random(seed);
      Map<String, Long> sent = new HashMap<>();
      try (WindowCounterFixture f = new WindowCounterFixture(3, IDLE, WALL)) {
        long[] time = new long[3];
        for (int step = 0; step < 600; step++) {
          int p = random.nextInt(random.nextInt(10) == 0 ? 3 : 2); // partition 2 reports rarely
          time[p] += random.nextInt(p == 0 ? 40 : 15); // partition 0 runs ahead
          int flushes = 1 + random.nextInt(3);
          for (int i = 0; i < flushes; i++) {
            int ts = (int) Math.max(0, time[p] - random.nextInt(random.nextInt(8) == 0 ? 300 : 20));
            int ws = ts - ts % 60;
            int status = random.nextBoolean() ? 200 : 404;
            long n = 1 + random.nextInt(5);
            f.partial(at(ws), status, n);
            sent.merge(key(ws, status), n, Long::sum);
          }
          f.progress(p, at((int) time[p]));
          if (random.nextInt(20) == 0) {
            f.advanceWallClock(Duration.ofSeconds(random.nextInt(45)));
          }
        }
        // Every partition silent and far ahead: every window closes.
        for (int p = 0; p < 3; p++) {
          f.progress(p, at(1_000_000));
        }
        Map<String, Long> total = new HashMap<>();
        java.util.Set<String> finalKeys = new java.util.HashSet<>();
        f.finals
            .readKeyValuesToList()
            .forEach(
                kv -> {
                  assertThat(finalKeys.add(kv.key)).as("one final count for %s", kv.key).isTrue();
                  total.merge(kv.key, kv.value.getCount(), Long::sum);
                });
        f.readLate().forEach((k, v) -> total.merge(k, v, Long::sum));
        assertThat(total).as("seed %d", seed).isEqualTo(sent);
      }
    }
  }
}
