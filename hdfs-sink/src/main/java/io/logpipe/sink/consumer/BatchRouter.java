package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.commit.QuarantinedRecord;
import io.logpipe.sink.fs.SinkStorageException;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.writer.ParquetWriterFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a poll's records into their partitions' batches, one writer per hour, within the cap on
 * open writers (reached: the batch with the oldest writer is committed early). Routing only stages
 * rows ({@link StagedRows}): the worker lanes encode them while the next poll is routed.
 * Undecodable records are quarantined with the batch.
 */
final class BatchRouter {

  private static final Logger log = LoggerFactory.getLogger(BatchRouter.class);

  private final AssignedPartitions partitions;
  private final RecordDecoder decoder = new RecordDecoder();
  private final HourLookup hours;
  private final ParquetWriterFactory writers;
  private final LakeLayout layout;
  private final StagedRows staged;
  private final PartitionCommitter committer;
  private final WriteFailures failures;
  private final HourCompletion completion;
  private final WatermarkTracker watermarks;
  private final SinkMetrics metrics;
  private final int maxOpenWriters;
  private final Clock clock;

  BatchRouter(
      AssignedPartitions partitions,
      HourLookup hours,
      ParquetWriterFactory writers,
      LakeLayout layout,
      StagedRows staged,
      PartitionCommitter committer,
      WriteFailures failures,
      HourCompletion completion,
      WatermarkTracker watermarks,
      SinkMetrics metrics,
      int maxOpenWriters,
      Clock clock) {
    this.partitions = partitions;
    this.hours = hours;
    this.writers = writers;
    this.layout = layout;
    this.staged = staged;
    this.committer = committer;
    this.failures = failures;
    this.completion = completion;
    this.watermarks = watermarks;
    this.metrics = metrics;
    this.maxOpenWriters = maxOpenWriters;
    this.clock = clock;
  }

  /**
   * Routes one poll's records; those of a partition rewound or revoked meanwhile are left to be
   * read again.
   */
  void route(ConsumerRecords<byte[], byte[]> records) {
    // Noted before any partition is handled: handling one partition can rewind another (a commit to
    // make room
    // for a writer that fails or is fenced), and that one's records in this poll are then stale.
    partitions.polled();
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
    for (TopicPartition tp : records.partitions()) {
      all.addAll(records.records(tp));
    }
    RecordDecoder.Decoded[] decoded = decoder.decode(all);
    Instant polledAt = clock.instant();
    int at = 0;
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
      route(tp, part, decoded, at, polledAt);
      at += part.size();
    }
  }

  private void route(
      TopicPartition tp,
      List<ConsumerRecord<byte[], byte[]>> records,
      RecordDecoder.Decoded[] decoded,
      int first,
      Instant now) {
    PartitionState st = partitions.get(tp);
    if (st == null) {
      return;
    }
    for (int i = 0; i < records.size(); i++) {
      if (st.staleSincePoll()) {
        return; // rewound (failure, fencing) or revoked: the rest of this poll's records are read
        // again later
      }
      try {
        append(st, records.get(i), decoded[first + i], now);
      } catch (IOException | RuntimeException e) {
        if (e instanceof SinkStorageException sse) {
          throw sse;
        }
        failures.failed(st, e, now);
      }
    }
  }

  private void append(
      PartitionState st,
      ConsumerRecord<byte[], byte[]> rec,
      RecordDecoder.Decoded decoded,
      Instant now)
      throws IOException {
    EncodedRow row = decoded.row();
    PartitionBatch batch = st.batch() != null ? st.batch() : st.openBatch(now);
    if (row == null) {
      log.warn(
          "Quarantining undecodable record {}-{}@{}: {}",
          rec.topic(),
          rec.partition(),
          rec.offset(),
          decoded.failure());
      batch.quarantine(new QuarantinedRecord(rec.offset(), rec.value(), decoded.failure()));
      metrics.quarantined();
      st.readUpTo(rec.offset());
      return;
    }
    HourPartition hour = hours.of(row);
    if (batch.needsWriterFor(hour)) {
      int mark = st.rewindMark();
      makeRoomForWriter();
      if (st.rewoundSince(mark)) {
        return; // committing to make room failed or was fenced: this partition was rewound
      }
      if (st.batch() == null) { // committed to make room
        batch = st.openBatch(now);
      }
    }
    completion.rowRead(hour);
    staged.add(
        st.tp, batch.accept(row, rec.offset(), hour, writers, layout, now), row, rec.offset());
    watermarks.record(st.tp.partition(), row.ts(), now);
    st.readUpTo(rec.offset());
  }

  /** Commits the batch holding the oldest writer while the cap on open writers is reached. */
  private void makeRoomForWriter() {
    while (partitions.openWriters() >= maxOpenWriters) {
      PartitionState oldest = partitions.oldestWithWriters();
      if (oldest == null) {
        return;
      }
      log.debug("Writer cap {} reached: committing {} early", maxOpenWriters, oldest.tp);
      committer.commit(oldest, false);
    }
  }
}
