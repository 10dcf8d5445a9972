package io.logpipe.sink.consumer;

import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.commit.BatchCommitter;
import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.partition.HourPartitioner;
import io.logpipe.sink.recovery.LakeRecovery;
import io.logpipe.sink.writer.ParquetWriterFactory;
import java.time.Clock;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The polling thread's roles, wired from the config around one file system, one {@link
 * PartitionReads} and the config's clock, and what the loop does with them on each poll and at the
 * end: the loop adds only the consumer's poll and close, so tests drive the same decisions without
 * a broker.
 */
final class SinkRoles {

  /**
   * Rows the loop may hand to the worker lanes before it waits for the oldest: ten polls of 2,000,
   * so one slow fetch or one slow poll does not leave a lane idle, while the rows held stay a few
   * MiB.
   */
  static final long MAX_ROWS_IN_FLIGHT = 20_000;

  final LakeLayout layout;
  final AssignedPartitions partitions = new AssignedPartitions();
  final StagedRows staged;
  final WatermarkTracker watermarks;
  final HourCompletion completion;
  final WriteFailures failures;
  final PartitionCommitter committer;
  final BatchRouter router;
  final Housekeeping housekeeping;
  final RebalanceListener listener;

  private final FileSystem fs;
  private final Clock clock;

  SinkRoles(
      SinkConfig config,
      FileSystem fs,
      PartitionReads reads,
      SinkMetrics metrics,
      SinkExecutors executors) {
    this.fs = fs;
    this.clock = config.clock();
    this.layout = new LakeLayout(config.lake());
    FsRetry retry = new FsRetry(config.maxRetryTime());
    BatchCommitter lakeCommits =
        new BatchCommitter(fs, layout, retry, config.codec().fileTag(), executors.closers());
    LakeRecovery recovery = new LakeRecovery(fs, layout, lakeCommits, retry);
    this.staged = new StagedRows(executors.lanes(), metrics::rowsWritten);
    this.watermarks = new WatermarkTracker(config.idleTimeout());
    this.completion =
        new HourCompletion(fs, layout, retry, metrics, config.zone(), config.allowedLateness());
    this.failures =
        new WriteFailures(
            partitions,
            staged,
            fs,
            new RewindPolicy(config.lake(), config.maxRetryTime()),
            reads,
            recovery,
            config.clock());
    this.committer =
        new PartitionCommitter(
            lakeCommits,
            staged,
            failures,
            reads,
            fs,
            metrics,
            config.clock(),
            completion::isMarked);
    this.router =
        new BatchRouter(
            partitions,
            new HourLookup(new HourPartitioner(config.zone())),
            new ParquetWriterFactory(fs, config.codec(), config.rowGroupBytes()),
            layout,
            staged,
            committer,
            failures,
            completion,
            watermarks,
            metrics,
            config.maxOpenWriters(),
            config.clock());
    this.housekeeping =
        new Housekeeping(
            partitions,
            RotationPolicy.of(config),
            committer,
            reads,
            completion,
            watermarks,
            metrics);
    this.listener =
        new RebalanceListener(
            partitions,
            recovery,
            failures,
            committer,
            staged,
            watermarks,
            fs,
            metrics,
            config.clock());
  }

  /**
   * One poll's work: routes its records (overlapping the earlier polls' writes: routing only stages
   * rows, and whatever closes or drops a writer settles the writes in flight first), rewinds the
   * partitions whose writes failed, does the housekeeping, then hands the staged rows to the worker
   * lanes.
   */
  void handle(ConsumerRecords<byte[], byte[]> records) {
    router.route(records);
    failures.handle(staged.reap(), List.of()); // finished writes counted, failed partitions rewound
    housekeeping.afterPoll(clock.instant());
    staged.start();
    failures.handle(staged.awaitBelow(MAX_ROWS_IN_FLIGHT), List.of());
  }

  /** Publishes every open batch (a clean stop). */
  void publishAll() {
    for (PartitionState st : partitions.all()) {
      committer.commit(st, true);
    }
  }

  /**
   * Discards every open batch (the loop stops on an error; recovery re-reads them), so that closing
   * the consumer, which revokes the partitions, does not publish after a failure.
   */
  void abortAll() {
    staged.clear();
    for (PartitionState st : partitions.all()) {
      PartitionBatch open = st.takeBatch();
      if (open != null) {
        open.abort(fs);
      }
    }
  }

  /** After the consumer closed: every partition leaves and whatever it still held is discarded. */
  void clear() {
    staged.clear(); // first: no task may still write into a file the aborts below delete
    for (PartitionBatch open : partitions.clear()) {
      open.abort(fs);
    }
  }
}
