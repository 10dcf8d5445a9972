package io.logpipe.cli.bench;

import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.TrafficGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the window counter does with each generated line, worked out from the lines alone (they are
 * a pure function of the generator config) for lines that reach the counter in send order, as they
 * do through one partition: which window-and-status count each line lands in, and which line's
 * arrival closes each window.
 *
 * <p>The counter's rule (Kafka Streams tumbling windows with grace, then suppress until the window
 * closes): stream time is the highest event time seen so far; a window is closed, its final count
 * emitted and any later event for it dropped, once {@code window end + grace <= stream time}.
 * Malformed lines never reach it.
 */
final class WindowTimeline {

  /**
   * Marks a line that lands in no count: malformed, or dropped as later than its window's grace.
   */
  static final long NONE = -1;

  private final long windowMs;
  private final long[] lineKey;
  private final Map<Long, Long> closingLine;
  private final Set<Long> closedKeys;
  private final long validLines;
  private final long droppedLate;

  private WindowTimeline(
      long windowMs,
      long[] lineKey,
      Map<Long, Long> closingLine,
      Set<Long> closedKeys,
      long validLines,
      long droppedLate) {
    this.windowMs = windowMs;
    this.lineKey = lineKey;
    this.closingLine = closingLine;
    this.closedKeys = closedKeys;
    this.validLines = validLines;
    this.droppedLate = droppedLate;
  }

  static WindowTimeline of(GeneratorConfig config, Duration window, Duration grace) {
    long windowMs = window.toMillis();
    long graceMs = grace.toMillis();
    long[] lineKey = new long[Math.toIntExact(config.events())];
    Arrays.fill(lineKey, NONE);
    Map<Long, Long> closingLine = new HashMap<>();
    Set<Long> keys = new HashSet<>();
    TreeSet<Long> open = new TreeSet<>();
    long streamTime = Long.MIN_VALUE;
    long valid = 0;
    long dropped = 0;
    TrafficGenerator generator = new TrafficGenerator(config);
    for (int i = 0; generator.hasNext(); i++) {
      GeneratedLine line = generator.next();
      if (!line.valid()) {
        continue;
      }
      valid++;
      long ts = Math.floorDiv(line.eventTimeMicros(), 1000L);
      if (ts > streamTime) {
        streamTime = ts;
        // This line's arrival closes every open window that ends at least a grace period before it.
        for (Iterator<Long> it = open.iterator(); it.hasNext(); ) {
          long start = it.next();
          if (start + windowMs + graceMs > streamTime) {
            break;
          }
          closingLine.put(start, (long) i);
          it.remove();
        }
      }
      long start = ts - Math.floorMod(ts, windowMs);
      if (start + windowMs + graceMs <= streamTime) {
        dropped++;
        continue;
      }
      open.add(start);
      lineKey[i] = key(start, line.status());
      keys.add(lineKey[i]);
    }
    Set<Long> closedKeys = new HashSet<>();
    for (long k : keys) {
      if (closingLine.containsKey(Math.floorDiv(k, 1000L))) {
        closedKeys.add(k);
      }
    }
    return new WindowTimeline(windowMs, lineKey, closingLine, closedKeys, valid, dropped);
  }

  /** One number for a window and a status (HTTP statuses are below 1000). */
  static long key(long windowStartMs, int status) {
    return windowStartMs * 1000L + status;
  }

  static long windowStart(long key) {
    return Math.floorDiv(key, 1000L);
  }

  /** The count line {@code index} lands in, or {@link #NONE}. */
  long keyOf(int index) {
    return lineKey[index];
  }

  /**
   * Index of the line whose arrival closes the window starting at {@code windowStartMs}, or -1 if
   * none does.
   */
  long closingLine(long windowStartMs) {
    return closingLine.getOrDefault(windowStartMs, -1L);
  }

  /** Every window-and-status count the run must publish as final. */
  Set<Long> closedKeys() {
    return closedKeys;
  }

  int lines() {
    return lineKey.length;
  }

  long validLines() {
    return validLines;
  }

  long droppedLate() {
    return droppedLate;
  }

  long windowMillis() {
    return windowMs;
  }
}
