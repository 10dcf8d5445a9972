package io.logpipe.sink.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HourPartitionerTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void utcHourAndDirectory() {
    HourPartition h =
        new HourPartitioner(UTC).partitionOf(Instant.parse("2025-12-24T17:36:03.210929Z"));
    assertThat(h.relativeDir()).isEqualTo("dt=2025-12-24/hour=17");
    assertThat(h.start(UTC)).isEqualTo(Instant.parse("2025-12-24T17:00:00Z"));
    assertThat(h.end(UTC)).isEqualTo(Instant.parse("2025-12-24T18:00:00Z"));
  }

  @Test
  void hourBoundariesAreHalfOpen() {
    HourPartitioner p = new HourPartitioner(UTC);
    assertThat(p.partitionOf(Instant.parse("2025-12-24T17:59:59.999999Z")).hour()).isEqualTo(17);
    assertThat(p.partitionOf(Instant.parse("2025-12-24T18:00:00Z")).hour()).isEqualTo(18);
    assertThat(p.partitionOf(Instant.parse("2025-12-31T23:59:59Z")).relativeDir())
        .isEqualTo("dt=2025-12-31/hour=23");
    assertThat(p.partitionOf(Instant.parse("2026-01-01T00:00:00Z")).relativeDir())
        .isEqualTo("dt=2026-01-01/hour=00");
  }

  @Test
  void otherZoneShiftsDateAndHour() {
    HourPartition h =
        new HourPartitioner(NEW_YORK).partitionOf(Instant.parse("2025-12-25T03:10:00Z"));
    assertThat(h.relativeDir()).isEqualTo("dt=2025-12-24/hour=22");
    assertThat(h.start(NEW_YORK)).isEqualTo(Instant.parse("2025-12-25T03:00:00Z"));
  }

  @Test
  void springForwardSkipsTheMissingHour() {
    // Paris 2025-03-30: 02:00 local jumps to 03:00 (01:00Z is 03:00 CEST).
    HourPartitioner p = new HourPartitioner(PARIS);
    HourPartition before = p.partitionOf(Instant.parse("2025-03-30T00:59:59Z"));
    HourPartition after = p.partitionOf(Instant.parse("2025-03-30T01:00:00Z"));
    assertThat(before.relativeDir()).isEqualTo("dt=2025-03-30/hour=01");
    assertThat(after.relativeDir()).isEqualTo("dt=2025-03-30/hour=03");
    assertThat(Duration.between(before.start(PARIS), before.end(PARIS)))
        .isEqualTo(Duration.ofHours(1));
    assertThat(before.end(PARIS)).isEqualTo(after.start(PARIS));
  }

  @Test
  void fallBackRepeatedHourIsOneDirectorySpanningTwoHours() {
    // Paris 2025-10-26: 03:00 CEST goes back to 02:00 CET; local 02:xx happens at 00:xxZ and
    // 01:xxZ.
    HourPartitioner p = new HourPartitioner(PARIS);
    HourPartition first = p.partitionOf(Instant.parse("2025-10-26T00:30:00Z"));
    HourPartition second = p.partitionOf(Instant.parse("2025-10-26T01:30:00Z"));
    assertThat(first).isEqualTo(second);
    assertThat(first.relativeDir()).isEqualTo("dt=2025-10-26/hour=02");
    assertThat(first.start(PARIS)).isEqualTo(Instant.parse("2025-10-26T00:00:00Z"));
    assertThat(first.end(PARIS)).isEqualTo(Instant.parse("2025-10-26T02:00:00Z"));
    assertThat(p.partitionOf(Instant.parse("2025-10-26T02:00:00Z")).hour()).isEqualTo(3);
    // The hour before it ends where the repeated hour begins, not an hour later.
    HourPartition before = p.partitionOf(Instant.parse("2025-10-25T23:30:00Z"));
    assertThat(before.relativeDir()).isEqualTo("dt=2025-10-26/hour=01");
    assertThat(before.end(PARIS)).isEqualTo(first.start(PARIS));
  }

  @Test
  void everyInstantFallsInsideItsPartitionAcrossDstDays() {
    // Lord Howe shifts by 30 minutes, Chatham at 02:45, Troll by two hours: odd transitions a plain
    // "next hour"
    // rule gets wrong.
    for (ZoneId zone :
        new ZoneId[] {
          UTC,
          PARIS,
          NEW_YORK,
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("Pacific/Chatham"),
          ZoneId.of("Antarctica/Troll")
        }) {
      HourPartitioner p = new HourPartitioner(zone);
      Instant t = Instant.parse("2025-03-01T00:00:00Z");
      Instant stop = Instant.parse("2025-11-30T00:00:00Z");
      while (t.isBefore(stop)) {
        HourPartition h = p.partitionOf(t);
        assertThat(h.start(zone)).as("%s in %s", t, zone).isBeforeOrEqualTo(t);
        assertThat(h.end(zone)).as("%s in %s", t, zone).isAfter(t);
        // start and end are the partition's exact bounds: the instant before end is in it, end is
        // not
        assertThat(p.partitionOf(h.end(zone).minusNanos(1_000)))
            .as("%s in %s", t, zone)
            .isEqualTo(h);
        assertThat(p.partitionOf(h.end(zone))).as("%s in %s", t, zone).isNotEqualTo(h);
        assertThat(p.partitionOf(h.start(zone))).as("%s in %s", t, zone).isEqualTo(h);
        assertThat(p.partitionOf(h.start(zone).minusNanos(1)))
            .as("%s in %s", t, zone)
            .isNotEqualTo(h);
        t = t.plus(Duration.ofMinutes(17));
      }
    }
  }

  @Test
  void parsesDirectoriesAndRejectsOthers() {
    assertThat(HourPartition.parseDir("hdfs://nn:8020/lake/curated/dt=2025-01-02/hour=05"))
        .isEqualTo(new HourPartition(LocalDate.of(2025, 1, 2), 5));
    assertThatThrownBy(() -> HourPartition.parseDir("/lake/curated/_logpipe_sink"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
