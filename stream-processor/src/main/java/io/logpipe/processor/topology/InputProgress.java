package io.logpipe.processor.topology;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of every raw (input) partition as a window counter task has heard it, and the
 * watermark they allow: the minimum over the partitions that are not idle.
 *
 * <p>A partition is idle once it has reported no new progress for the idle timeout of wall-clock
 * time; it then stops holding the watermark back, until it reports new progress again. When every
 * partition is idle the watermark is the highest progress reported (what one partition alone would
 * allow). A partition that is known but has never reported (from the topic's metadata, or below one
 * that reported) counts as active with no progress, so it holds the watermark back, from the time
 * this task started, for one idle timeout, and is then idle like any other silent one. Wall times
 * are not kept across restarts: after one, every partition is active for one idle timeout again,
 * which can only delay windows.
 */
final class InputProgress {

  private static final Logger log = LoggerFactory.getLogger(InputProgress.class);

  private static final class Partition {
    long progress = Long.MIN_VALUE;
    long lastAdvanceMs;
    boolean idle;

    Partition(long nowMs) {
      lastAdvanceMs = nowMs;
    }
  }

  private final long idleTimeoutMs;
  private final Map<Integer, Partition> partitions = new TreeMap<>();

  InputProgress(long idleTimeoutMs) {
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** Partitions 0 to {@code count - 1} exist, whether or not they have reported. */
  void expect(int count, long nowMs) {
    for (int p = 0; p < count; p++) {
      partitions.computeIfAbsent(p, k -> new Partition(nowMs));
    }
  }

  /** A progress restored from the store, with the wall clock of this task's start. */
  void restore(int partition, long progress, long nowMs) {
    expect(partition + 1, nowMs);
    Partition p = partitions.get(partition);
    p.progress = Math.max(p.progress, progress);
  }

  /**
   * A progress report; true when it is new progress (the caller stores it). Older or equal reports
   * (a task restarted, reporting again) change nothing, not even idleness.
   */
  boolean report(int partition, long progress, long nowMs) {
    expect(partition + 1, nowMs);
    Partition p = partitions.get(partition);
    if (progress <= p.progress) {
      return false;
    }
    p.progress = progress;
    p.lastAdvanceMs = nowMs;
    if (p.idle) {
      p.idle = false;
      log.info("Raw partition {} resumed: it holds the window watermark again", partition);
    }
    return true;
  }

  /**
   * The watermark the partitions allow at {@code nowMs}: minimum progress of the active ones, or
   * the highest progress when all are idle; {@link Long#MIN_VALUE} when none reported.
   */
  long watermark(long nowMs) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean anyActive = false;
    for (Map.Entry<Integer, Partition> e : partitions.entrySet()) {
      Partition p = e.getValue();
      if (!p.idle && nowMs - p.lastAdvanceMs >= idleTimeoutMs) {
        p.idle = true;
        log.info(
            "Raw partition {} {} for {} ms: it no longer holds the window watermark back",
            e.getKey(),
            p.progress == Long.MIN_VALUE ? "has not reported" : "has reported no new progress",
            nowMs - p.lastAdvanceMs);
      }
      max = Math.max(max, p.progress);
      if (!p.idle) {
        anyActive = true;
        min = Math.min(min, p.progress);
      }
    }
    return anyActive ? min : max;
  }
}
