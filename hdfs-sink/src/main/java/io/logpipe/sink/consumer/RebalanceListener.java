package io.logpipe.sink.consumer;

import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.recovery.LakeRecovery;
import io.logpipe.sink.recovery.RecoveryPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers each assigned partition from the lake and reads it from there; publishes the batch of a
 * revoked partition first, and discards that of a lost one (its next owner reads it again). The
 * consumer swallows what a callback throws, so a failure is kept for the loop to rethrow after the
 * poll ({@link #throwIfFailed()}).
 */
final class RebalanceListener implements ConsumerRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(RebalanceListener.class);

  private final AssignedPartitions partitions;
  private final LakeRecovery recovery;
  private final WriteFailures failures;
  private final PartitionCommitter committer;
  private final StagedRows staged;
  private final WatermarkTracker watermarks;
  private final FileSystem fs;
  private final SinkMetrics metrics;
  private final Clock clock;
  private RuntimeException failure;

  RebalanceListener(
      AssignedPartitions partitions,
      LakeRecovery recovery,
      WriteFailures failures,
      PartitionCommitter committer,
      StagedRows staged,
      WatermarkTracker watermarks,
      FileSystem fs,
      SinkMetrics metrics,
      Clock clock) {
    this.partitions = partitions;
    this.recovery = recovery;
    this.failures = failures;
    this.committer = committer;
    this.staged = staged;
    this.watermarks = watermarks;
    this.fs = fs;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Rethrows what a callback failed with, on the polling thread. */
  void throwIfFailed() {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
    try {
      for (TopicPartition tp : assigned) {
        RecoveryPlan plan = recovery.recover(tp.topic(), tp.partition());
        PartitionState st = new PartitionState(tp, plan.resumeOffset());
        partitions.add(st);
        failures.rewind(st);
        Instant committedMax =
            plan.maxEventMicros() < 0
                ? null
                : Instant.EPOCH.plusNanos(plan.maxEventMicros() * 1_000L);
        watermarks.assigned(tp.partition(), committedMax, clock.instant());
        metrics.freshness().committed(plan.maxEventMicros()); // what the lake already holds
        metrics.assignedPartitions(partitions.size());
        log.info(
            "Assigned {}: resuming at offset {}",
            tp,
            plan.resumeOffset() < 0 ? "beginning" : plan.resumeOffset());
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    try {
      failures.settle(revoked);
      for (TopicPartition tp : revoked) {
        PartitionState st = partitions.get(tp);
        if (st != null && st.batch() != null) {
          committer.commit(st, true);
        }
        partitions.remove(tp); // a batch a failed commit left is already discarded
        metrics.assignedPartitions(partitions.size());
        watermarks.revoked(tp.partition());
        log.info("Revoked {}", tp);
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> lost) {
    try {
      failures.settle(lost);
      for (TopicPartition tp : lost) {
        PartitionBatch open = partitions.remove(tp);
        metrics.assignedPartitions(partitions.size());
        staged.discard(tp);
        if (open != null) {
          log.warn(
              "Lost {} without a clean revoke: discarding its {} uncommitted rows (they will be re-read)",
              tp,
              open.records());
          open.abort(fs);
        }
        watermarks.revoked(tp.partition());
      }
    } catch (RuntimeException | Error e) {
      failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
      throw e;
    }
  }
}
