package io.logpipe.processor.topology;

import java.time.Instant;

/**
 * Key of {@code logs_status_counts} records: {@code <window start, ISO-8601 UTC>/<status>}, for
 * example {@code 2015-05-17T10:05:00Z/200}. Unique per window and status, so a compacted topic
 * keeps the latest count of each; readable in any console consumer; sortable by time within a
 * status when zero-padded years agree.
 */
public final class StatusCountKey {

  private StatusCountKey() {}

  /** The key for one window and status. */
  public static String of(Instant windowStart, int status) {
    return windowStart + "/" + status;
  }
}
