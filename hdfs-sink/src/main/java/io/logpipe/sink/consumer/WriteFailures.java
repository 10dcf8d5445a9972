package io.logpipe.sink.consumer;

import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.recovery.LakeRecovery;
import io.logpipe.sink.recovery.RecoveryPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a partition whose batch could not be written: the batch is discarded (never
 * half-published), the partition is rewound to the lake's offset and paused for its {@link
 * Backoff}, as the {@link RewindPolicy} decides. Also rewinds partitions for the other roles
 * (assignment, fencing), so every seek goes through here.
 */
final class WriteFailures {

  private static final Logger log = LoggerFactory.getLogger(WriteFailures.class);

  private final AssignedPartitions partitions;
  private final StagedRows staged;
  private final FileSystem fs;
  private final RewindPolicy policy;
  private final PartitionReads reads;
  private final LakeRecovery recovery;
  private final Clock clock;

  WriteFailures(
      AssignedPartitions partitions,
      StagedRows staged,
      FileSystem fs,
      RewindPolicy policy,
      PartitionReads reads,
      LakeRecovery recovery,
      Clock clock) {
    this.partitions = partitions;
    this.staged = staged;
    this.fs = fs;
    this.policy = policy;
    this.reads = reads;
    this.recovery = recovery;
    this.clock = clock;
  }

  /**
   * Waits for every row handed to the worker lanes; a partition whose rows failed is rewound
   * (except those in {@code leaving}, which are being revoked or lost). Called before anything
   * closes, aborts or drops a writer.
   */
  void settle(Collection<TopicPartition> leaving) {
    handle(staged.settle(), leaving);
  }

  /** Rewinds each partition whose writes failed, or discards its batch if it is {@code leaving}. */
  void handle(Map<TopicPartition, Exception> failures, Collection<TopicPartition> leaving) {
    if (failures.isEmpty()) {
      return; // the usual case, twice per poll
    }
    // Handling one failure settles the rest, which may rewind a partition further down this map
    // already.
    Map<TopicPartition, Integer> marks = new HashMap<>();
    for (TopicPartition tp : failures.keySet()) {
      PartitionState st = partitions.get(tp);
      if (st != null) {
        marks.put(tp, st.rewindMark());
      }
    }
    for (Map.Entry<TopicPartition, Exception> failed : failures.entrySet()) {
      PartitionState st = partitions.get(failed.getKey());
      Integer mark = marks.get(failed.getKey());
      if (st == null) {
        continue;
      }
      if (mark != null && st.rewoundSince(mark)) {
        alsoFailed(st, failed.getValue());
      } else if (!leaving.contains(failed.getKey())) {
        failed(st, failed.getValue(), clock.instant());
      } else if (st.batch() != null) {
        // Leaving with a failed write: nothing of it may be published; the next owner reads it
        // again.
        log.warn(
            "Writing {} failed while it is being revoked ({}); discarding its {} uncommitted rows",
            st.tp,
            failed.getValue().toString(),
            st.batch().records());
        staged.discard(st.tp);
        st.takeBatch().abort(fs);
      }
    }
  }

  /**
   * A batch could not be written: drop it, rewind the partition to the lake's offset and back off.
   */
  void failed(PartitionState st, Exception e, Instant now) {
    if (staged.inFlight()) {
      int mark = st.rewindMark();
      settle(List.of()); // the batch's writers may still be in use by tasks in flight
      if (st.rewoundSince(mark)) {
        alsoFailed(
            st,
            e); // one of those tasks failed too: settling has already dropped the batch and rewound
        return;
      }
    }
    staged.discard(st.tp);
    PartitionBatch discarded = st.takeBatch();
    if (discarded != null) {
      discarded.abort(fs);
    }
    Backoff backoff = policy.afterFailure(st.failures(), e, now);
    log.warn(
        "Writing {} failed ({}); rewinding to offset {} and retrying in {} ms",
        st.tp,
        e.toString(),
        st.committed() < 0 ? "beginning" : st.committed(),
        backoff.delay().toMillis());
    rewind(st);
    if (discarded != null) {
      st.holdUntilReadAgain(discarded.hours(), discarded.to());
    }
    reads.pause(st.tp);
    st.backOff(backoff, now.plus(backoff.delay()));
  }

  /**
   * Recovers {@code st} from the lake (another instance may have committed) and reads on from
   * there.
   */
  void recover(PartitionState st) {
    RecoveryPlan plan = recovery.recover(st.tp.topic(), st.tp.partition());
    st.recoveredTo(plan.resumeOffset());
    rewind(st);
  }

  /** Reads {@code st} again from the lake's offset. */
  void rewind(PartitionState st) {
    st.rewound();
    reads.seek(st.tp, st.committed());
  }

  private void alsoFailed(PartitionState st, Exception e) {
    log.warn("Writing {} also failed: {}", st.tp, e.toString());
    policy.afterFurtherFailure(e);
  }
}
