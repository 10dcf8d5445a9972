package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.partition.HourPartitioner;
import io.logpipe.sink.row.EncodedRow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The remembered hour never differs from the partitioner's answer, across DST changes and odd
 * offsets.
 */
class HourLookupTest {

  private static EncodedRow at(long micros) {
    return new EncodedRow(new byte[0], micros);
  }

  @Test
  void agreesWithThePartitionerForOrderedAndShuffledTimesAroundDstChanges() {
    for (String zone :
        new String[] {
          "UTC",
          "Europe/Berlin",
          "America/New_York",
          "Asia/Kolkata",
          "Australia/Lord_Howe",
          "Pacific/Chatham",
          "Antarctica/Troll"
        }) {
      HourPartitioner partitioner = new HourPartitioner(ZoneId.of(zone));
      HourLookup lookup = new HourLookup(partitioner);
      Random rnd = new Random(zone.hashCode());
      // Every offset change of 2024-2025 in this zone, a day either side, every 7 minutes; then
      // random jumps.
      List<Long> starts = new ArrayList<>();
      ZoneRules rules = ZoneId.of(zone).getRules();
      for (ZoneOffsetTransition t = rules.nextTransition(Instant.parse("2024-01-01T00:00:00Z"));
          t != null && t.getInstant().isBefore(Instant.parse("2026-01-01T00:00:00Z"));
          t = rules.nextTransition(t.getInstant())) {
        starts.add(t.getInstant().getEpochSecond() - 86_400);
      }
      if (starts.isEmpty()) {
        starts.add(Instant.parse("2025-12-24T00:00:00Z").getEpochSecond()); // fixed offset
      }
      for (long start : starts) {
        for (long s = start; s < start + 2 * 86_400; s += 420) {
          long micros = s * 1_000_000L + rnd.nextInt(1_000_000);
          EncodedRow row = at(micros);
          assertThat(lookup.of(row))
              .as("%s at %s", zone, row.ts())
              .isEqualTo(partitioner.partitionOf(row.ts()));
        }
      }
      for (int i = 0; i < 20_000; i++) {
        long micros =
            starts.get(rnd.nextInt(starts.size())) * 1_000_000L
                + (long) (rnd.nextDouble() * 2 * 86_400e6);
        EncodedRow row = at(micros);
        assertThat(lookup.of(row))
            .as("%s at %s", zone, row.ts())
            .isEqualTo(partitioner.partitionOf(row.ts()));
      }
    }
  }

  @Test
  void hourBoundariesBelongToTheNextHour() {
    HourPartitioner utc = new HourPartitioner(ZoneId.of("UTC"));
    HourLookup lookup = new HourLookup(utc);
    long boundary = Instant.parse("2025-12-24T07:00:00Z").getEpochSecond() * 1_000_000L;

    assertThat(lookup.of(at(boundary - 1)).hour()).isEqualTo(6);
    assertThat(lookup.of(at(boundary)).hour()).isEqualTo(7);
    assertThat(lookup.of(at(boundary - 1)).hour()).isEqualTo(6);
    assertThat(lookup.of(at(Long.MAX_VALUE))).isEqualTo(utc.partitionOf(at(Long.MAX_VALUE).ts()));
    assertThat(lookup.of(at(Long.MIN_VALUE))).isEqualTo(utc.partitionOf(at(Long.MIN_VALUE).ts()));
  }
}
