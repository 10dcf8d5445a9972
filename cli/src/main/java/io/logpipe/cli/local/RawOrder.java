package io.logpipe.cli.local;

import java.util.Arrays;

/**
 * The curated events of one raw partition in raw-offset order (status and event time), so that the order in
 * which the window counter saw them can be replayed. Offsets that were rejected stay empty (status 0).
 */
final class RawOrder {
  private int[] status = new int[1024];
  private long[] tsMs = new long[1024];
  private int size;

  void put(long offset, int eventStatus, long eventTsMs) {
    int i = Math.toIntExact(offset);
    if (i >= status.length) {
      int capacity = Math.max(i + 1, status.length * 2);
      status = Arrays.copyOf(status, capacity);
      tsMs = Arrays.copyOf(tsMs, capacity);
    }
    status[i] = eventStatus;
    tsMs[i] = eventTsMs;
    size = Math.max(size, i + 1);
  }

  int size() {
    return size;
  }

  /** Status of the event at {@code offset}, or 0 when that offset was not curated. */
  int status(int offset) {
    return status[offset];
  }

  long tsMs(int offset) {
    return tsMs[offset];
  }
}
