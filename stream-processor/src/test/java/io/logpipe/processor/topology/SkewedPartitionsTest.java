package io.logpipe.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.schemas.StatusCount;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Windows close on the minimum stream time over the raw partitions, with the idle rule. A TopologyTestDriver has
 * one partition per topic, so these tests play three upstream raw-partition tasks by writing what their flushes
 * write (partial counts keyed by status, then a stream-time report keyed by the raw partition) into the
 * production topology's repartition topic; the second stage is the real one.
 */
class SkewedPartitionsTest {

  private static final Instant T0 = Instant.parse("2025-12-24T10:00:00Z");
  private static final Duration IDLE = Duration.ofSeconds(10);
  /** Wall-clock step between the upstream flushes: well inside the idle timeout. */
  private static final Duration STEP = Duration.ofSeconds(1);

  private TopologyFixture f = fixture(0);
  private TestInputTopic<Integer, PartialCount> repartition = repartitionTopic();

  @AfterEach
  void closeDriver() {
    f.close();
  }
  /** What the upstream tasks counted, per window and status: final + late must equal it. */
  private final Map<String, Long> sent = new HashMap<>();

  @Test
  void aPartitionFarAheadDoesNotCloseTheWindowsOfThePartitionsBehindIt() {
    flush(1, T0.plusSeconds(10), T0.plusSeconds(10), 200, 2);
    flush(2, T0.plusSeconds(10), T0.plusSeconds(10), 404, 1);
    flush(0, T0.plus(Duration.ofHours(1)), T0.plusSeconds(5), 200, 3); // partition 0 is an hour ahead
    flush(1, T0.plusSeconds(70), T0.plusSeconds(50), 200, 4); // still in its window: 1 and 2 are behind

    assertThat(f.counts.isEmpty()).as("nothing closes while partitions 1 and 2 are at 10:01:10").isTrue();
    assertThat(f.late.isEmpty()).isTrue();

    flush(1, T0.plusSeconds(95), T0.plusSeconds(90), 200, 1);
    flush(2, T0.plusSeconds(91), T0.plusSeconds(55), 404, 1); // the slowest now at 10:01:31: 10:00 closes

    assertThat(f.counts.readKeyValuesToList()).containsExactlyInAnyOrder(
        KeyValue.pair("2025-12-24T10:00:00Z/200", count(T0, 200, 9)),
        KeyValue.pair("2025-12-24T10:00:00Z/404", count(T0, 404, 2)));
    assertThat(f.late.isEmpty()).isTrue();
    assertThat(f.metrics.lateEvents()).isZero();
  }

  @Test
  void anIdlePartitionStopsHoldingTheWatermarkAfterTheIdleTimeout() {
    flush(0, T0.plusSeconds(5), T0.plusSeconds(5), 200, 1);
    flush(1, T0.plusSeconds(5), T0.plusSeconds(5), 200, 1);
    flush(2, T0.plusSeconds(5), T0.plusSeconds(5), 500, 1); // then partition 2 falls silent
    Instant t = T0.plusSeconds(5);
    Duration silent = STEP; // each flush takes one step of wall clock
    while (silent.plus(STEP.multipliedBy(2)).compareTo(IDLE) < 0) {
      t = t.plusSeconds(30);
      flush(0, t, t, 200, 1);
      flush(1, t, t, 200, 1);
      silent = silent.plus(STEP.multipliedBy(2));
    }
    assertThat(f.counts.isEmpty()).as("partition 2, silent for %s of %s, still holds 10:00:05", silent, IDLE)
        .isTrue();

    f.driver.advanceWallClockTime(STEP); // partition 2's idle timeout passes with no record arriving
    Instant reached = t;

    List<KeyValue<String, StatusCount>> finals = f.counts.readKeyValuesToList();
    assertThat(finals).as("released on the wall clock alone: every window up to partitions 0 and 1 closes")
        .contains(KeyValue.pair("2025-12-24T10:00:00Z/500", count(T0, 500, 1)),
            KeyValue.pair("2025-12-24T10:00:00Z/200", count(T0, 200, 4)));
    assertThat(finals).extracting(kv -> kv.value.getWindowEnd().plusSeconds(30))
        .allSatisfy(closesAt -> assertThat(closesAt).isBeforeOrEqualTo(reached));
    assertThat(f.late.isEmpty()).isTrue();
  }

  @Test
  void aPartitionThatResumesHoldsTheWatermarkAgainAndWhatItBringsBehindItIsLate() {
    flush(0, T0.plusSeconds(5), T0.plusSeconds(5), 200, 1);
    flush(1, T0.plusSeconds(5), T0.plusSeconds(5), 200, 1);
    flush(2, T0.plusSeconds(5), T0.plusSeconds(5), 200, 1);
    f.driver.advanceWallClockTime(IDLE); // all silent: nothing holds the watermark back, yet nothing is ahead
    flush(0, T0.plusSeconds(300), T0.plusSeconds(200), 200, 5);
    flush(1, T0.plusSeconds(300), T0.plusSeconds(290), 200, 5);
    f.driver.advanceWallClockTime(IDLE); // partition 2 idle since 10:00:05: the watermark goes to 10:05:00
    assertThat(f.counts.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(
        "2025-12-24T10:00:00Z/200", "2025-12-24T10:03:00Z/200");

    // Partition 2 resumes at 10:04:10, behind the watermark: its 10:02 events are late, its 10:04 ones count
    // (with partition 1's five),
    // and from its report on it holds the watermark at 10:04:10 although partitions 0 and 1 run on.
    flush(2, T0.plusSeconds(250), T0.plusSeconds(150), 200, 2);
    flush(2, T0.plusSeconds(250), T0.plusSeconds(245), 200, 3);
    flush(0, T0.plusSeconds(600), T0.plusSeconds(590), 200, 1);
    flush(1, T0.plusSeconds(600), T0.plusSeconds(590), 200, 1);
    assertThat(f.late.readKeyValuesToList()).containsExactly(
        KeyValue.pair("2025-12-24T10:02:00Z/200", count(T0.plusSeconds(120), 200, 2)));
    assertThat(f.counts.isEmpty()).as("10:04 stays open while partition 2 is at 10:04:10").isTrue();

    flush(2, T0.plusSeconds(400), T0.plusSeconds(399), 200, 1); // partition 2 at 10:06:40: 10:04 and 10:05 close
    assertThat(f.counts.readKeyValuesToList()).containsExactly(
        KeyValue.pair("2025-12-24T10:04:00Z/200", count(T0.plusSeconds(240), 200, 8)));

    f.driver.advanceWallClockTime(IDLE); // every partition idle: the watermark is the highest, 10:10:00
    Map<String, Long> accounted = new HashMap<>();
    f.counts.readKeyValuesToList().forEach(kv -> accounted.merge(kv.key, kv.value.getCount(), Long::sum));
    assertThat(accounted).containsOnlyKeys("2025-12-24T10:06:00Z/200");
    assertThat(f.late.isEmpty()).isTrue();
  }

  @Test
  void finalPlusLateEqualsWhatTheUpstreamTasksCountedForEveryClosedWindowAndStatus() {
    Map<String, Long> finals = new HashMap<>();
    Map<String, Long> late = new HashMap<>();
    Random random = new Random(7);
    int[] speed = {1, 2, 3}; // event-time seconds per round; partition 0, the slowest, goes silent at times
    long highest = Long.MIN_VALUE;
    for (int round = 0; round < 400; round++) {
      for (int p = 0; p < 3; p++) {
        if (p == 0 && round % 100 >= 60) {
          continue; // silent for 40 rounds (over 80 s of wall clock): idle, then back, behind the others
        }
        long streamTime = T0.toEpochMilli() + round * 1000L * speed[p];
        highest = Math.max(highest, streamTime);
        Instant event = Instant.ofEpochMilli(streamTime - random.nextInt(20_000));
        flush(p, Instant.ofEpochMilli(streamTime), event, random.nextBoolean() ? 200 : 404, 1 + random.nextInt(3));
      }
    }
    f.driver.advanceWallClockTime(IDLE); // all idle: the watermark is the highest stream time
    f.counts.readKeyValuesToList().forEach(kv -> assertThat(finals.put(kv.key, kv.value.getCount())).isNull());
    f.late.readKeyValuesToList().forEach(kv -> late.merge(kv.key, kv.value.getCount(), Long::sum));

    long watermark = highest;
    Map<String, Long> closedSent = new HashMap<>();
    sent.forEach((key, n) -> {
      if (Instant.parse(key.substring(0, key.indexOf('/'))).plusSeconds(90).toEpochMilli() <= watermark) {
        closedSent.put(key, n);
      }
    });
    assertThat(closedSent.keySet()).containsAll(finals.keySet());
    closedSent.forEach((key, n) -> assertThat(finals.getOrDefault(key, 0L) + late.getOrDefault(key, 0L)).as(key)
        .isEqualTo(n));
    assertThat(finals).isNotEmpty();
    assertThat(late).as("partition 0 comes back behind the watermark three times").isNotEmpty();
    assertThat(late.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(f.metrics.lateEvents());
  }

  @Test
  void onAFirstStartARawPartitionNotHeardFromYetHoldsTheWindowsBackUntilItsIdleTimeout() {
    f.close();
    f = fixture(3); // the raw topic has three partitions; none has reported
    repartition = repartitionTopic();
    flush(0, T0.plus(Duration.ofHours(1)), T0.plusSeconds(5), 200, 3); // the first to report is an hour ahead
    flush(1, T0.plusSeconds(10), T0.plusSeconds(10), 200, 2);
    assertThat(f.counts.isEmpty()).as("partition 2 has not reported: it holds the watermark").isTrue();
    flush(2, T0.plusSeconds(20), T0.plusSeconds(20), 200, 1);
    flush(1, T0.plusSeconds(120), T0.plusSeconds(110), 200, 1);
    assertThat(f.counts.isEmpty()).as("partition 2 at 10:00:20 now").isTrue();
    assertThat(f.late.isEmpty()).isTrue();

    f.driver.advanceWallClockTime(IDLE); // 2 and 1 idle, 0 too: the watermark is the highest, 11:00
    assertThat(f.counts.readKeyValuesToList()).containsExactly(
        KeyValue.pair("2025-12-24T10:00:00Z/200", count(T0, 200, 6)),
        KeyValue.pair("2025-12-24T10:01:00Z/200", count(T0.plusSeconds(60), 200, 1)));
  }

  @Test
  void onAFirstStartAnExpectedPartitionThatNeverReportsIsReleasedByTheIdleTimeout() {
    f.close();
    f = fixture(3);
    repartition = repartitionTopic();
    Instant t = T0;
    for (int i = 0; i < 4; i++) { // partitions 0 and 1 report every second of wall clock; 2 never does
      t = t.plusSeconds(40);
      flush(0, t, t, 200, 1);
      flush(1, t, t, 200, 1);
    }
    assertThat(f.counts.isEmpty()).as("8 s into partition 2's idle timeout of 10 s").isTrue();
    f.driver.advanceWallClockTime(STEP.multipliedBy(2));
    assertThat(f.counts.readKeyValuesToList()).as("partition 2 idle: windows up to 10:02:40 close")
        .extracting(kv -> kv.key).containsExactly("2025-12-24T10:00:00Z/200", "2025-12-24T10:01:00Z/200");
    assertThat(f.late.isEmpty()).isTrue();
  }

  private static TopologyFixture fixture(int rawPartitions) {
    return new TopologyFixture(Map.of( // 1 min windows, 30 s grace
        ProcessorConfig.WATERMARK_IDLE_TIMEOUT, IDLE.toMillis() + "ms",
        StreamsConfig.APPLICATION_ID_CONFIG, "skew"), rawPartitions);
  }

  private TestInputTopic<Integer, PartialCount> repartitionTopic() {
    return f.driver.createInputTopic("skew-by-status-repartition", new IntegerSerializer(),
        PartialCount.serde().serializer());
  }

  /**
   * One upstream flush of raw partition {@code partition}: {@code n} events of {@code status} in the window of
   * {@code event}, then its stream time, with one step of wall clock after it.
   */
  private void flush(int partition, Instant streamTime, Instant event, int status, long n) {
    long windowStart = event.toEpochMilli() - Math.floorMod(event.toEpochMilli(), 60_000L);
    repartition.pipeInput(status, PartialCount.counted(windowStart, n), windowStart);
    repartition.pipeInput(partition, PartialCount.streamTimeOnly(streamTime.toEpochMilli()),
        streamTime.toEpochMilli());
    sent.merge(StatusCountKey.of(Instant.ofEpochMilli(windowStart), status), n, Long::sum);
    f.driver.advanceWallClockTime(STEP);
  }

  private static StatusCount count(Instant windowStart, int status, long n) {
    return StatusCount.newBuilder().setWindowStart(windowStart).setWindowEnd(windowStart.plusSeconds(60))
        .setStatus(status).setCount(n).setFinal$(true).build();
  }
}
