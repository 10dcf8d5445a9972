package io.logpipe.sink.consumer;

import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.commit.BatchCommitter;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.partition.HourPartitioner;
import io.logpipe.sink.recovery.LakeRecovery;
import io.logpipe.sink.writer.ParquetWriterFactory;
import org.apache.hadoop.fs.FileSystem;

/**
 * The polling thread's roles, wired from the config around one file system, one {@link PartitionReads} and the
 * config's clock: the loop runs them, and tests drive them without a broker.
 */
final class SinkRoles {

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

  SinkRoles(SinkConfig config, FileSystem fs, PartitionReads reads, SinkMetrics metrics, SinkExecutors executors) {
    this.layout = new LakeLayout(config.lake());
    FsRetry retry = new FsRetry(config.maxRetryTime());
    BatchCommitter lakeCommits = new BatchCommitter(fs, layout, retry, config.codec().fileTag(),
        executors.closers());
    LakeRecovery recovery = new LakeRecovery(fs, layout, lakeCommits, retry);
    this.staged = new StagedRows(executors.lanes(), metrics::rowsWritten);
    this.watermarks = new WatermarkTracker(config.idleTimeout());
    this.completion = new HourCompletion(fs, layout, retry, metrics, config.zone(), config.allowedLateness());
    this.failures = new WriteFailures(partitions, staged, fs, new RewindPolicy(config.lake(), config.maxRetryTime()),
        reads, recovery, config.clock());
    this.committer = new PartitionCommitter(lakeCommits, staged, failures, reads, fs, metrics, config.clock());
    this.router = new BatchRouter(partitions, new HourLookup(new HourPartitioner(config.zone())),
        new ParquetWriterFactory(fs, config.codec(), config.rowGroupBytes()), layout, staged, committer, failures,
        completion, watermarks, metrics, config.maxOpenWriters(), config.clock());
    this.housekeeping = new Housekeeping(partitions, new RotationPolicy(config.rotateRecords(), config.rotateBytes(),
        config.rotateAge()), committer, reads, completion, watermarks, metrics);
    this.listener = new RebalanceListener(partitions, recovery, failures, committer, staged, watermarks, fs, metrics,
        config.clock());
  }
}
