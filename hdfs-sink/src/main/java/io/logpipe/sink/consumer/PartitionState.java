package io.logpipe.sink.consumer;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.partition.HourPartition;
import org.apache.kafka.common.TopicPartition;

/**
 * What the loop knows about one assigned partition: where the lake says to resume, its open batch, its back-off
 * after failures, and which hours it must not let be marked complete yet. Owned by the polling thread.
 */
final class PartitionState {

  final TopicPartition tp;
  long committed; // next offset to read per the lake; -1 when the lake holds nothing yet
  PartitionBatch batch;
  Instant failingSince;
  int failures;
  Instant pausedUntil;
  int rewinds; // bumped on every seek: records of the current poll past a rewind are stale
  int rewindsAtPoll; // rewinds when the current poll returned
  // Hours of rows read and then thrown away (a failed or fenced commit): no _SUCCESS for them until the partition
  // has read up to heldUntil again, when those rows are back in an open batch.
  private Set<HourPartition> heldHours = Set.of();
  private long heldUntil = -1;

  PartitionState(TopicPartition tp, long committed) {
    this.tp = tp;
    this.committed = committed;
  }

  /**
   * Rows of {@code hours} up to (not including) offset {@code until} were thrown away after this partition was
   * sought back to {@link #committed}: those hours stay held until the partition has read them again.
   */
  void holdUntilReadAgain(Set<HourPartition> hours, long until) {
    if (heldUntil >= 0 && committed >= heldUntil) {
      releaseHold(); // an earlier hold's rows were published meanwhile (by another instance)
    }
    if (hours.isEmpty() || committed >= until) {
      return; // nothing to read again (no rows, or another instance published those offsets)
    }
    Set<HourPartition> union = new HashSet<>(heldHours);
    union.addAll(hours);
    heldHours = union;
    heldUntil = Math.max(heldUntil, until);
  }

  /** The record at {@code offset} was read into the batch: the discarded rows are back once it reaches them. */
  void readUpTo(long offset) {
    if (heldUntil >= 0 && offset + 1 >= heldUntil) {
      releaseHold();
    }
  }

  /** Hours that may not be marked complete yet because rows of them were thrown away and not read again. */
  Set<HourPartition> heldHours() {
    return heldHours;
  }

  private void releaseHold() {
    heldHours = Set.of();
    heldUntil = -1;
  }
}
