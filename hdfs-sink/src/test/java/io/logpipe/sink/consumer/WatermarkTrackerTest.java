package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class WatermarkTrackerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant EV = Instant.parse("2025-06-01T10:00:00Z");
  private static final IntPredicate ALL_READ = p -> true;

  @Test
  void lowestPartitionHoldsTheWatermark() {
    WatermarkTracker t = new WatermarkTracker(Duration.ofSeconds(30));
    t.assigned(0, null, NOW);
    t.assigned(1, null, NOW);
    t.record(0, EV.plusSeconds(600), NOW);
    assertThat(t.watermark(NOW, ALL_READ)).as("partition 1 has no event yet").isEmpty();
    t.record(1, EV, NOW);
    assertThat(t.watermark(NOW, ALL_READ)).contains(EV);
    t.record(1, EV.minusSeconds(100), NOW); // a late event does not move it back
    assertThat(t.watermark(NOW, ALL_READ)).contains(EV);
  }

  @Test
  void idlePartitionAdvancesWithTheClock() {
    WatermarkTracker t = new WatermarkTracker(Duration.ofSeconds(30));
    t.assigned(0, null, NOW);
    t.record(0, EV, NOW);
    assertThat(t.watermark(NOW.plusSeconds(29), ALL_READ)).contains(EV);
    assertThat(t.watermark(NOW.plusSeconds(45), ALL_READ)).contains(EV.plusSeconds(45));
  }

  @Test
  void silentPartitionWithoutEventsStopsHoldingBackOnceIdle() {
    WatermarkTracker t = new WatermarkTracker(Duration.ofSeconds(30));
    t.assigned(0, null, NOW);
    t.assigned(1, null, NOW);
    t.record(0, EV, NOW.plusSeconds(40));
    assertThat(t.watermark(NOW.plusSeconds(40), ALL_READ)).contains(EV);
  }

  @Test
  void committedEventTimeSeedsARecoveredPartition() {
    WatermarkTracker t = new WatermarkTracker(Duration.ofSeconds(30));
    t.assigned(0, EV, NOW);
    assertThat(t.watermark(NOW, ALL_READ)).contains(EV);
    t.revoked(0);
    assertThat(t.watermark(NOW, ALL_READ)).isEmpty();
  }

  @Test
  void aQuietPartitionWithABacklogIsNotIdle() {
    WatermarkTracker t = new WatermarkTracker(Duration.ofSeconds(30));
    t.assigned(0, EV, NOW); // its backlog not fetched yet
    t.assigned(1, null, NOW);
    t.record(1, EV.plusSeconds(3_600), NOW.plusSeconds(40));
    IntPredicate onlyOneRead = p -> p == 1;
    assertThat(t.watermark(NOW.plusSeconds(40), onlyOneRead))
        .as("partition 0 still has rows to read: it holds the watermark at its committed time")
        .contains(EV);
    assertThat(t.watermark(NOW.plusSeconds(40), ALL_READ)).contains(EV.plusSeconds(40));
    t.assigned(2, null, NOW);
    assertThat(t.watermark(NOW.plusSeconds(40), onlyOneRead))
        .as("a partition without events and not fetched yet holds it back")
        .isEmpty();
  }
}
