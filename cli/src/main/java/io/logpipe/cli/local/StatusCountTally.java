package io.logpipe.cli.local;

import io.logpipe.processor.topology.StatusCountKey;
import io.logpipe.schemas.StatusCount;
import java.util.HashMap;
import java.util.Map;

/**
 * What a status-counts topic holds, per window and status. On the final-counts topic each pair must
 * appear once; on the late-counts topic a pair appears once per batch of events that reached its
 * window after it closed.
 */
final class StatusCountTally {

  private final Map<StatusCountKey, Long> finals = new HashMap<>();
  private final Map<StatusCountKey, Long> sums = new HashMap<>();
  private long repeated;
  private long notFinal;

  void add(StatusCount count) {
    if (!count.getFinal$()) {
      notFinal++;
      return;
    }
    var key = StatusCountKey.of(count);
    if (finals.put(key, count.getCount()) != null) {
      repeated++;
    }
    sums.merge(key, count.getCount(), Long::sum);
  }

  Map<StatusCountKey, Long> finals() {
    return finals;
  }

  /** Sum of every record's count per pair (for the late topic, where a pair may repeat). */
  Map<StatusCountKey, Long> sums() {
    return sums;
  }

  long sum() {
    return sums.values().stream().mapToLong(Long::longValue).sum();
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
