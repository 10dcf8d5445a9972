package io.logpipe.sink.commit;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import io.logpipe.sink.writer.ParquetWriterFactory;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The uncommitted records of one Kafka partition: a contiguous offset range {@code [from, to)}
 * spread over one open writer per hour partition. It is committed as a whole, so the lake always
 * holds a prefix of the partition and the next offset to read is the last commit's {@code to}.
 */
public final class PartitionBatch implements OpenBatch {

  private final String topic;
  private final int partition;
  private final long from;
  private final String commitId = UUID.randomUUID().toString();
  private final Instant openedAt;
  private final Map<HourPartition, ParquetPartitionWriter> writers = new LinkedHashMap<>();
  private final List<QuarantinedRecord> quarantined = new ArrayList<>();
  private long to;
  private long records;
  private long maxEventMicros = -1;
  private Instant lastRowAt;

  public PartitionBatch(String topic, int partition, long from, Instant openedAt) {
    this.topic = topic;
    this.partition = partition;
    this.from = from;
    this.to = from;
    this.openedAt = openedAt;
    this.lastRowAt = openedAt;
  }

  /** Whether an event of {@code hour} needs a new writer. */
  public boolean needsWriterFor(HourPartition hour) {
    return !writers.containsKey(hour);
  }

  /**
   * Counts a row at {@code offset} into this batch and returns its hour's writer (opened in the
   * temp area if needed); the caller must write the row to that writer before the batch is
   * committed.
   */
  public ParquetPartitionWriter accept(
      EncodedRow row,
      long offset,
      HourPartition hour,
      ParquetWriterFactory factory,
      LakeLayout layout,
      Instant now)
      throws IOException {
    checkOffset(offset);
    ParquetPartitionWriter w = writers.get(hour);
    if (w == null) {
      Path temp =
          new Path(layout.tempDir(topic, partition), commitId + "-" + writers.size() + ".parquet");
      w = factory.open(hour, temp, now);
      writers.put(hour, w);
    }
    maxEventMicros = Math.max(maxEventMicros, row.tsMicros());
    to = offset + 1;
    records++;
    lastRowAt = now;
    return w;
  }

  /**
   * Keeps an undecodable record so that it is published with this batch into the quarantine area.
   */
  public void quarantine(QuarantinedRecord record) {
    checkOffset(record.offset());
    quarantined.add(record);
    to = record.offset() + 1;
    records++;
  }

  private void checkOffset(long offset) {
    if (offset < to) {
      throw new IllegalArgumentException(
          "offset " + offset + " is below the batch's next offset " + to);
    }
  }

  /**
   * Aborts every writer and deletes their temp files (best effort; recovery removes what is left).
   */
  public void abort(FileSystem fs) {
    writers.values().forEach(w -> w.abort(fs));
  }

  public String topic() {
    return topic;
  }

  public int partition() {
    return partition;
  }

  public long from() {
    return from;
  }

  public long to() {
    return to;
  }

  @Override
  public long records() {
    return records;
  }

  public String commitId() {
    return commitId;
  }

  public long maxEventMicros() {
    return maxEventMicros;
  }

  @Override
  public boolean isEmpty() {
    return records == 0;
  }

  public int openWriters() {
    return writers.size();
  }

  public Collection<ParquetPartitionWriter> writers() {
    return Collections.unmodifiableCollection(writers.values());
  }

  public List<QuarantinedRecord> quarantined() {
    return Collections.unmodifiableList(quarantined);
  }

  /** The hours this batch holds rows for. */
  public java.util.Set<HourPartition> hours() {
    return Collections.unmodifiableSet(writers.keySet());
  }

  /** When the batch's first writer was opened (its age for rotation). */
  @Override
  public Instant openedAt() {
    return openedAt;
  }

  /** Wall-clock time the last row was accepted (the opening time before any). */
  @Override
  public Instant lastRowAt() {
    return lastRowAt;
  }

  /** Estimated bytes across its files, buffered rows included. */
  @Override
  public long estimatedBytes() {
    return writers.values().stream().mapToLong(ParquetPartitionWriter::estimatedBytes).sum();
  }
}
