package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.commit.PartitionBatch;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What the loop knows about one assigned partition: its {@link Phase}, where the lake says to
 * resume, its open batch, its run of failed writes, and which hours it must not let be marked
 * complete yet. Owned by the polling thread.
 */
final class PartitionState {

  /** Where a partition is in its cycle; each transition is a method below. */
  enum Phase {
    /** No batch open: the next record opens one ({@link #openBatch}). */
    IDLE,
    /**
     * A batch takes the partition's records until it is committed or discarded ({@link
     * #takeBatch}).
     */
    BATCHING,
    /**
     * A write failed: rewound to the lake's offset and paused until the backoff ends ({@link
     * #resumeIfDue}).
     */
    BACKING_OFF,
    /** Revoked or lost ({@link #leave}): what is left of it in the current poll is ignored. */
    GONE
  }

  final TopicPartition tp;
  private Phase phase = Phase.IDLE;
  private long committed; // next offset to read per the lake; -1 when the lake holds nothing yet
  private PartitionBatch batch;
  private Backoff failures; // the current run of failed writes; null once a commit succeeded
  private Instant pausedUntil;
  private int rewinds; // bumped on every seek: records of the current poll past a rewind are stale
  private int rewindsAtPoll; // rewinds when the current poll returned
  // Hours of rows read and then thrown away (a failed or fenced commit): no _SUCCESS for them until
  // the partition
  // has read up to heldUntil again, when those rows are back in an open batch.
  private Set<HourPartition> heldHours = Set.of();
  private long heldUntil = -1;

  PartitionState(TopicPartition tp, long committed) {
    this.tp = tp;
    this.committed = committed;
  }

  Phase phase() {
    return phase;
  }

  /** The next offset to read per the lake; -1 when the lake holds nothing of the partition yet. */
  long committed() {
    return committed;
  }

  /** The open batch; null unless {@link Phase#BATCHING}. */
  PartitionBatch batch() {
    return batch;
  }

  /**
   * IDLE → BATCHING: a batch starting at the lake's offset, opened at {@code now} (its age for
   * rotation).
   */
  PartitionBatch openBatch(Instant now) {
    require(Phase.IDLE, "open a batch");
    batch = new PartitionBatch(tp.topic(), tp.partition(), Math.max(0, committed), now);
    phase = Phase.BATCHING;
    return batch;
  }

  /** BATCHING → IDLE: hands the batch over to be committed or discarded; null when none is open. */
  PartitionBatch takeBatch() {
    PartitionBatch b = batch;
    batch = null;
    if (phase == Phase.BATCHING) {
      phase = Phase.IDLE;
    }
    return b;
  }

  /** The lake now holds the partition up to {@code next}: the run of failures, if any, is over. */
  void committedUpTo(long next) {
    committed = next;
    failures = null;
  }

  /** Recovery says the lake holds the partition up to {@code next}; the caller seeks there. */
  void recoveredTo(long next) {
    committed = next;
  }

  /**
   * The partition is read again from {@link #committed()}: whatever of the current poll follows is
   * stale.
   */
  void rewound() {
    rewinds++;
  }

  /** The current run of failed writes; null when the last commit succeeded. */
  Backoff failures() {
    return failures;
  }

  /** IDLE → BACKING_OFF after a failed write (batch already taken); paused until {@code until}. */
  void backOff(Backoff run, Instant until) {
    if (phase != Phase.IDLE && phase != Phase.BACKING_OFF) {
      throw new IllegalStateException(tp + ": cannot back off while " + phase);
    }
    failures = run;
    pausedUntil = until;
    phase = Phase.BACKING_OFF;
  }

  /**
   * BACKING_OFF → IDLE once the backoff has passed at {@code now}; whether the partition is to be
   * resumed.
   */
  boolean resumeIfDue(Instant now) {
    if (phase != Phase.BACKING_OFF || now.isBefore(pausedUntil)) {
      return false;
    }
    pausedUntil = null;
    phase = Phase.IDLE;
    return true;
  }

  /** → GONE (revoked or lost); returns the batch still open, for the caller to discard, or null. */
  PartitionBatch leave() {
    PartitionBatch b = takeBatch();
    phase = Phase.GONE;
    return b;
  }

  /** A poll returned: rewinds from now on make the rest of its records for this partition stale. */
  void polled() {
    rewindsAtPoll = rewinds;
  }

  /** Whether this poll's remaining records must be skipped: rewound since the poll, or revoked. */
  boolean staleSincePoll() {
    return rewinds != rewindsAtPoll || phase == Phase.GONE;
  }

  /**
   * A mark to compare with later: {@link #rewoundSince} says whether a rewind happened in between.
   */
  int rewindMark() {
    return rewinds;
  }

  boolean rewoundSince(int mark) {
    return rewinds != mark;
  }

  /**
   * Rows of {@code hours} up to (not including) offset {@code until} were thrown away after this
   * partition was sought back to {@link #committed()}: those hours stay held until the partition
   * has read them again.
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

  /**
   * The record at {@code offset} was read into the batch: the discarded rows are back once it
   * reaches them.
   */
  void readUpTo(long offset) {
    if (heldUntil >= 0 && offset + 1 >= heldUntil) {
      releaseHold();
    }
  }

  /**
   * Hours that may not be marked complete yet because rows of them were thrown away and not read
   * again.
   */
  Set<HourPartition> heldHours() {
    return heldHours;
  }

  private void releaseHold() {
    heldHours = Set.of();
    heldUntil = -1;
  }

  private void require(Phase expected, String what) {
    if (phase != expected) {
      throw new IllegalStateException(tp + ": cannot " + what + " while " + phase);
    }
  }
}
