package io.logpipe.processor.topology;

import io.logpipe.schemas.StatusCount;
import java.time.Instant;

/**
 * One tumbling window and one HTTP status: what a status count counts, and the key of its records.
 *
 * <p>On {@code logs_status_counts} (and the late and live topics) the key is {@link #toString()},
 * {@code <window start, ISO-8601 UTC>/<status>}, for example {@code 2015-05-17T10:05:00Z/200}:
 * unique per window and status, so a compacted topic keeps the latest count of each; readable in
 * any console consumer; sortable by time within a status when zero-padded years agree.
 *
 * <p>The counters' state stores keep their own encodings of the same pair, fixed by the records
 * already in their changelogs: {@link #packed} in the partial counter (a long, so that counting an
 * event allocates no key) and {@link #storeKey} in the window counter.
 *
 * @param windowStart start of the window, epoch milliseconds
 * @param status HTTP status, 100-599
 */
public record StatusCountKey(long windowStart, int status) {

  /** Statuses take three decimal digits of the packed form. */
  private static final int STATUS_DIGITS = 1000;

  /** The window and status a count is of. */
  public static StatusCountKey of(StatusCount count) {
    return new StatusCountKey(count.getWindowStart().toEpochMilli(), count.getStatus());
  }

  /** The topic key for one window and status: {@code of(windowStart, status)} as a string. */
  public static String of(Instant windowStart, int status) {
    return new StatusCountKey(windowStart.toEpochMilli(), status).toString();
  }

  /** The key of this window and status on the status-count topics. */
  @Override
  public String toString() {
    return Instant.ofEpochMilli(windowStart) + "/" + status;
  }

  /** Window start and status in one long: {@code windowStart * 1000 + status}. */
  static long packed(long windowStart, int status) {
    return windowStart * STATUS_DIGITS + status;
  }

  /** The pair {@link #packed} encodes. */
  static StatusCountKey unpack(long packed) {
    return new StatusCountKey(
        Math.floorDiv(packed, STATUS_DIGITS), (int) Math.floorMod(packed, STATUS_DIGITS));
  }

  /** The window counter's store key: {@code <windowStartMillis>/<status>}. */
  String storeKey() {
    return windowStart + "/" + status;
  }

  /** The pair a {@link #storeKey} names. */
  static StatusCountKey fromStoreKey(String key) {
    int slash = key.indexOf('/');
    return new StatusCountKey(
        Long.parseLong(key.substring(0, slash)), Integer.parseInt(key.substring(slash + 1)));
  }
}
