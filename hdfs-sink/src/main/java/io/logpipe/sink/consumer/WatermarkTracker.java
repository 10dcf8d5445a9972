package io.logpipe.sink.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The sink instance's event-time watermark: the lowest, across its assigned partitions, of each
 * partition's highest event time seen. A partition without records for {@code idleTimeout} (wall
 * clock) that is also caught up (nothing left to read: a partition not fetched yet, or with a
 * backlog, is not idle however long it was quiet) stops holding the watermark back: its own
 * watermark then advances with the idle time ({@code highest event time + time since its last
 * record}), so hours close on quiet topics. A partition that has never had an event is ignored once
 * idle, and holds the watermark back before that.
 */
public final class WatermarkTracker {

  private static final class PartitionMark {
    Instant maxEvent;
    Instant lastActivity;
  }

  private final Duration idleTimeout;
  private final Map<Integer, PartitionMark> partitions = new HashMap<>();

  public WatermarkTracker(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /**
   * A partition was assigned; {@code committedMaxEvent} is the highest event time of its last
   * commit, if known.
   */
  public void assigned(int partition, Instant committedMaxEvent, Instant now) {
    PartitionMark m = new PartitionMark();
    m.maxEvent = committedMaxEvent;
    m.lastActivity = now;
    partitions.put(partition, m);
  }

  public void revoked(int partition) {
    partitions.remove(partition);
  }

  /** A record with {@code eventTime} was read from {@code partition} at wall-clock {@code now}. */
  public void record(int partition, Instant eventTime, Instant now) {
    PartitionMark m = partitions.computeIfAbsent(partition, p -> new PartitionMark());
    if (m.maxEvent == null || eventTime.isAfter(m.maxEvent)) {
      m.maxEvent = eventTime;
    }
    m.lastActivity = now;
  }

  /**
   * The watermark at wall-clock {@code now}, {@code caughtUp} telling which partitions have nothing
   * left to read; empty while some partition holds it back without any event.
   */
  public Optional<Instant> watermark(Instant now, IntPredicate caughtUp) {
    Instant low = null;
    for (Map.Entry<Integer, PartitionMark> e : partitions.entrySet()) {
      PartitionMark m = e.getValue();
      Duration idle = Duration.between(m.lastActivity, now);
      boolean isIdle = idle.compareTo(idleTimeout) >= 0 && caughtUp.test(e.getKey());
      Instant mark;
      if (m.maxEvent == null) {
        if (isIdle) {
          continue;
        }
        return Optional.empty();
      }
      mark = isIdle ? m.maxEvent.plus(idle) : m.maxEvent;
      if (low == null || mark.isBefore(low)) {
        low = mark;
      }
    }
    return Optional.ofNullable(low);
  }
}
