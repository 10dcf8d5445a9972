package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.commit.BatchCommitter;
import io.logpipe.sink.commit.CommitManifest;
import io.logpipe.sink.commit.FencedException;
import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.fs.SinkStorageException;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a partition's batch: to the lake first ({@link BatchCommitter}: close, claim, publish),
 * then its offset to Kafka, for monitoring only. A batch that cannot be closed is a {@link
 * WriteFailures write failure}; one fenced off by another instance is discarded and the partition
 * recovered from the lake.
 */
final class PartitionCommitter {

  private static final Logger log = LoggerFactory.getLogger(PartitionCommitter.class);

  private final BatchCommitter committer;
  private final StagedRows staged;
  private final WriteFailures failures;
  private final PartitionReads reads;
  private final FileSystem fs;
  private final SinkMetrics metrics;
  private final Clock clock;
  private final Predicate<HourPartition> marked;

  /**
   * @param marked hours this instance knows hold {@code _SUCCESS}: rows committed into them leave a
   *     late trace
   */
  PartitionCommitter(
      BatchCommitter committer,
      StagedRows staged,
      WriteFailures failures,
      PartitionReads reads,
      FileSystem fs,
      SinkMetrics metrics,
      Clock clock,
      Predicate<HourPartition> marked) {
    this.committer = committer;
    this.staged = staged;
    this.failures = failures;
    this.reads = reads;
    this.fs = fs;
    this.metrics = metrics;
    this.clock = clock;
    this.marked = marked;
  }

  /**
   * Commits {@code st}'s batch, if it has one, and leaves the partition without a batch.
   *
   * @param syncOffsets wait for Kafka to take the offset (on revocation and shutdown)
   * @return whether the batch is now in the lake (true when there was none)
   */
  boolean commit(PartitionState st, boolean syncOffsets) {
    failures.settle(List.of());
    PartitionBatch batch = st.takeBatch();
    if (batch == null || batch.isEmpty()) {
      return true;
    }
    long t0 = System.nanoTime();
    CommitManifest manifest;
    try {
      staged.writeNow(st.tp);
      manifest = committer.prepare(batch, marked);
    } catch (IOException | RuntimeException e) {
      batch.abort(fs);
      if (e instanceof SinkStorageException sse) {
        throw sse;
      }
      failures.failed(st, e, clock.instant());
      st.holdUntilReadAgain(batch.hours(), batch.to());
      return false;
    } catch (Error e) {
      batch.abort(
          fs); // the loop stops; its writers must not stay open (no partition holds this batch any
      // more)
      throw e;
    }
    try {
      committer.claim(manifest);
    } catch (FencedException e) {
      log.warn("{}: discarding {} rows and recovering", e.getMessage(), batch.records());
      metrics.fenced();
      batch.abort(fs);
      failures.recover(st);
      st.holdUntilReadAgain(batch.hours(), batch.to());
      return false;
    }
    // Past the commit point: publishing is idempotent and retried; if it cannot finish, recovery
    // will.
    committer.publish(manifest);
    batch.writers().forEach(ParquetPartitionWriter::markPublished);
    committer.dropOlderManifests(manifest);
    st.committedUpTo(manifest.to());
    metrics.committed(
        manifest.rows(),
        manifest.files().size(),
        Duration.ofNanos(System.nanoTime() - t0),
        manifest.maxEventMicros());
    reads.acknowledge(st.tp, manifest.to(), syncOffsets);
    return true;
  }
}
