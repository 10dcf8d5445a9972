package io.logpipe.cli.local;

import java.util.HashMap;
import java.util.Map;

import io.logpipe.schemas.StatusCount;

/** What {@code logs_status_counts} holds: the final count of each window and status, and any repeats. */
final class StatusCountTally {

  private final Map<CuratedTally.WindowStatus, Long> finals = new HashMap<>();
  private long repeated;
  private long notFinal;

  void add(StatusCount count) {
    if (!count.getFinal$()) {
      notFinal++;
      return;
    }
    var key = new CuratedTally.WindowStatus(count.getWindowStart().toEpochMilli(), count.getStatus());
    if (finals.put(key, count.getCount()) != null) {
      repeated++;
    }
  }

  Map<CuratedTally.WindowStatus, Long> finals() {
    return finals;
  }

  long sum() {
    return finals.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Final records beyond the first for the same window and status: must be zero. */
  long repeated() {
    return repeated;
  }

  /** Records not marked final: must be zero on the final-counts topic. */
  long notFinal() {
    return notFinal;
  }
}
