package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.partition.HourPartitioner;
import io.logpipe.sink.row.EncodedRow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The hour partition of each row's event time, for the polling thread. Consecutive rows nearly
 * always fall into the same hour, and a zoned date-time per row was a measurable share of the
 * polling thread, so it remembers the last answer with a span of instants over which that answer
 * cannot change: from the instant it was computed for to the next local hour boundary or the zone's
 * next offset change, whichever comes first. Not thread-safe.
 */
final class HourLookup {

  private final HourPartitioner partitioner;
  private final ZoneRules rules;
  private HourPartition last;
  private long fromMicros = 0;
  private long toMicros = 0; // empty until the first lookup

  HourLookup(HourPartitioner partitioner) {
    this.partitioner = partitioner;
    this.rules = partitioner.zone().getRules();
  }

  /** The hour partition of {@code row}'s event time. */
  HourPartition of(EncodedRow row) {
    long micros = row.tsMicros();
    if (micros >= fromMicros && micros < toMicros) {
      return last;
    }
    Instant ts = row.ts();
    last = partitioner.partitionOf(ts);
    ZoneOffset offset = rules.getOffset(ts);
    long local = ts.getEpochSecond() + offset.getTotalSeconds();
    long nextHourSecond = Math.floorDiv(local, 3600) * 3600 + 3600 - offset.getTotalSeconds();
    ZoneOffsetTransition change =
        rules.nextTransition(ts); // strictly after ts; null for fixed offsets
    long until =
        change == null
            ? nextHourSecond
            : Math.min(nextHourSecond, change.getInstant().getEpochSecond());
    fromMicros = micros;
    toMicros =
        until >= Long.MAX_VALUE / 1_000_000L
            ? Long.MAX_VALUE
            : until * 1_000_000L; // no overflow at the end of time
    return last;
  }
}
