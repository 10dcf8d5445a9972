package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.commit.PartitionBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions this instance owns, with the questions the loop asks across them. Polling thread
 * only.
 */
final class AssignedPartitions {

  private final Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();

  void add(PartitionState st) {
    states.put(st.tp, st);
  }

  /** The state of {@code tp}; null when not assigned. */
  PartitionState get(TopicPartition tp) {
    return states.get(tp);
  }

  /**
   * Removes {@code tp}, which becomes {@link PartitionState.Phase#GONE}; returns the batch it still
   * had open, for the caller to discard, or null.
   */
  PartitionBatch remove(TopicPartition tp) {
    PartitionState st = states.remove(tp);
    return st == null ? null : st.leave();
  }

  int size() {
    return states.size();
  }

  Set<TopicPartition> partitions() {
    return Set.copyOf(states.keySet());
  }

  /** A copy, safe to iterate while partitions are committed or rewound. */
  List<PartitionState> all() {
    return new ArrayList<>(states.values());
  }

  /** Every partition leaves; returns the batches still open, for the caller to discard. */
  List<PartitionBatch> clear() {
    List<PartitionBatch> open = new ArrayList<>();
    for (PartitionState st : states.values()) {
      PartitionBatch b = st.leave();
      if (b != null) {
        open.add(b);
      }
    }
    states.clear();
    return open;
  }

  /** Marks the start of a poll (see {@link PartitionState#staleSincePoll()}). */
  void polled() {
    states.values().forEach(PartitionState::polled);
  }

  int openWriters() {
    int n = 0;
    for (PartitionState s : states.values()) {
      if (s.batch() != null) {
        n += s.batch().openWriters();
      }
    }
    return n;
  }

  /** The partition whose batch has the oldest open writers; null when no writer is open. */
  PartitionState oldestWithWriters() {
    PartitionState oldest = null;
    for (PartitionState s : states.values()) {
      if (s.batch() != null
          && s.batch().openWriters() > 0
          && (oldest == null || s.batch().openedAt().isBefore(oldest.batch().openedAt()))) {
        oldest = s;
      }
    }
    return oldest;
  }

  /**
   * Hours with rows read but not published: in open batches, or thrown away and not read again yet.
   */
  Set<HourPartition> unpublishedHours() {
    Set<HourPartition> open = new HashSet<>();
    for (PartitionState s : states.values()) {
      if (s.batch() != null) {
        open.addAll(s.batch().hours());
      }
      open.addAll(s.heldHours());
    }
    return open;
  }
}
