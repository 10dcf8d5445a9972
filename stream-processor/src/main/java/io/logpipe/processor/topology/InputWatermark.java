package io.logpipe.processor.topology;

import java.util.HashMap;
import java.util.Map;

/**
 * The event-time watermark over the raw partitions: the lowest stream time among the partitions that reported
 * within the idle timeout (wall clock), so that a partition running ahead cannot close the windows of the ones
 * behind it, while a silent partition stops holding the others back until it reports again. When every known
 * partition is idle, nothing holds the watermark back and it is the highest stream time reported.
 *
 * <p>A partition that has never reported (no curated event yet) and is not {@linkplain #expect expected} is not
 * known, so it holds nothing back, as if idle. The value is not monotonic (a partition rejoining behind the
 * others lowers it); the caller keeps the highest watermark it has acted on.
 */
final class InputWatermark {

  private final long idleTimeoutMs;
  private final Map<Integer, Long> streamTimes = new HashMap<>();
  private final Map<Integer, Long> lastHeard = new HashMap<>();

  InputWatermark(long idleTimeoutMs) {
    if (idleTimeoutMs < 1) {
      throw new IllegalArgumentException("idle timeout must be at least 1 ms: " + idleTimeoutMs);
    }
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /**
   * A partition's stream time as restored from the changelog. It counts as heard {@code nowMs}: the time this
   * processor was not running is no evidence that the partition is idle, and treating it as such would close
   * windows that its backlog still feeds.
   */
  void restore(int partition, long streamTime, long nowMs) {
    streamTimes.merge(partition, streamTime, Math::max);
    lastHeard.put(partition, nowMs);
  }

  /**
   * A partition known to exist but not (yet) heard from: it holds the watermark back, with no stream time, until
   * it reports or its idle timeout from {@code nowMs} passes. No effect on a partition already known.
   */
  void expect(int partition, long nowMs) {
    if (streamTimes.putIfAbsent(partition, Long.MIN_VALUE) == null) {
      lastHeard.put(partition, nowMs);
    }
  }

  /**
   * A partition reports its stream time at {@code nowMs}. Returns whether its stream time rose, that is whether
   * the new value must be stored; a report that does not raise it still marks the partition active.
   */
  boolean report(int partition, long streamTime, long nowMs) {
    lastHeard.put(partition, nowMs);
    Long before = streamTimes.get(partition);
    if (before != null && before >= streamTime) {
      return false;
    }
    streamTimes.put(partition, streamTime);
    return true;
  }

  /** The watermark at {@code nowMs}, or {@link Long#MIN_VALUE} when no partition has reported yet. */
  long watermark(long nowMs) {
    long minActive = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Map.Entry<Integer, Long> e : streamTimes.entrySet()) {
      long t = e.getValue();
      max = Math.max(max, t);
      if (nowMs - lastHeard.get(e.getKey()) < idleTimeoutMs) {
        minActive = Math.min(minActive, t);
      }
    }
    return minActive == Long.MAX_VALUE ? max : minActive;
  }
}
