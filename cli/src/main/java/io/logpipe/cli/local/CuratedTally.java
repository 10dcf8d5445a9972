package io.logpipe.cli.local;

import io.logpipe.processor.topology.StatusCountKey;
import io.logpipe.schemas.LogEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code logs_curated} holds: how many events, whether any raw line was curated twice (by
 * lineage), and the counts the other checks compare against (per window and status, per event-time
 * hour).
 */
final class CuratedTally {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'/'HH");

  private final long windowMs;
  private final ZoneId zone;
  private final Map<Integer, BitSet> seenOffsets = new HashMap<>();
  private final Map<StatusCountKey, Long> perWindowStatus = new HashMap<>();
  private final Map<String, Long> perHour = new TreeMap<>();
  private final java.util.Set<Instant> hourEnds = new java.util.HashSet<>();
  private Instant maxEventTime = Instant.MIN;
  private long events;
  private long duplicates;

  CuratedTally(long windowMs, ZoneId zone) {
    this.windowMs = windowMs;
    this.zone = zone;
  }

  void add(LogEvent event) {
    events++;
    BitSet offsets = seenOffsets.computeIfAbsent(event.getRawPartition(), p -> new BitSet());
    int offset = Math.toIntExact(event.getRawOffset());
    if (offsets.get(offset)) {
      duplicates++;
    }
    offsets.set(offset);
    long ms = event.getTs().toEpochMilli();
    long windowStart = ms - Math.floorMod(ms, windowMs);
    perWindowStatus.merge(new StatusCountKey(windowStart, event.getStatus()), 1L, Long::sum);
    perHour.merge(hourKey(event.getTs()), 1L, Long::sum);
    hourEnds.add(
        ZonedDateTime.ofInstant(event.getTs(), zone)
            .truncatedTo(java.time.temporal.ChronoUnit.HOURS)
            .plusHours(1)
            .toInstant());
    if (event.getTs().isAfter(maxEventTime)) {
      maxEventTime = event.getTs();
    }
  }

  String hourKey(Instant ts) {
    return HOUR.format(ZonedDateTime.ofInstant(ts, zone));
  }

  long events() {
    return events;
  }

  long duplicateLineage() {
    return duplicates;
  }

  Map<StatusCountKey, Long> perWindowStatus() {
    return perWindowStatus;
  }

  /** Curated events per event-time hour, keyed {@code yyyy-MM-dd/HH}. */
  Map<String, Long> perHour() {
    return perHour;
  }

  /** Latest event time curated ({@link Instant#MIN} when none). */
  Instant maxEventTime() {
    return maxEventTime;
  }

  /** How many event-time hours with data end at or before {@code instant}. */
  int hoursEndingBy(Instant instant) {
    return (int) hourEnds.stream().filter(end -> !end.isAfter(instant)).count();
  }
}
