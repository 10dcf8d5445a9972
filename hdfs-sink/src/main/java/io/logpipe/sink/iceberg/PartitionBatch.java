package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.lake.SinkArea;
import io.logpipe.sink.commit.OpenBatch;
import io.logpipe.sink.commit.QuarantinedRecord;
import io.logpipe.sink.row.EncodedRow;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.DataWriter;

/**
 * The rows of one Kafka partition not yet in the table: offsets {@code [from, end)}, one open data
 * file per hour. Its files are invisible until a snapshot references them; a batch that is dropped
 * deletes them (a crash leaves them unreferenced: no reader sees them, Iceberg's orphan-file
 * removal deletes them).
 */
final class PartitionBatch implements OpenBatch {

  private final DataFileWriters files;
  private final String topic;
  private final int partition;
  private final OptionalLong committed;
  private final Instant opened;
  private final Map<HourPartition, DataWriter<EncodedRow>> writers = new TreeMap<>();
  private final List<String> written = new ArrayList<>();
  private final Map<HourPartition, Long> rowsPerHour = new TreeMap<>();
  private final List<QuarantinedRecord> quarantined = new ArrayList<>();
  private long from = -1;
  private long end = -1;
  private long rows;
  private Instant maxEvent;
  private Instant lastRowAt;

  /**
   * @param committed the partition's offset in the table this batch continues from (empty: none
   *     yet)
   */
  PartitionBatch(Table table, String topic, int partition, OptionalLong committed, Instant opened) {
    this(new DataFileWriters(table), topic, partition, committed, opened);
  }

  /**
   * @param files opens the batch's data files
   */
  PartitionBatch(
      DataFileWriters files, String topic, int partition, OptionalLong committed, Instant opened) {
    this.files = files;
    this.topic = topic;
    this.partition = partition;
    this.committed = committed;
    this.opened = opened;
    this.lastRowAt = opened;
  }

  /**
   * @param now the wall clock, for the quiet rule
   */
  void write(long offset, HourPartition hour, EncodedRow row, Instant eventTime, Instant now) {
    DataWriter<EncodedRow> w = writers.get(hour);
    if (w == null) {
      w = open(hour, offset);
      writers.put(hour, w);
    }
    w.write(row);
    rowsPerHour.merge(hour, 1L, Long::sum);
    if (from < 0) {
      from = offset;
    }
    end = offset + 1;
    rows++;
    lastRowAt = now;
    if (maxEvent == null || eventTime.isAfter(maxEvent)) {
      maxEvent = eventTime;
    }
  }

  /**
   * Keeps a record no reader could decode: its bytes are written under the table when the batch
   * closes ({@link #quarantineLocation}), and its offset is committed with the batch's rows.
   */
  void quarantine(QuarantinedRecord record, Instant now) {
    quarantined.add(record);
    if (from < 0) {
      from = record.offset();
    }
    end = record.offset() + 1;
    lastRowAt = now;
  }

  /**
   * Where the quarantined record of {@code offset} is kept: the file mode's path, under the table's
   * location; written again, to the same name, when a failed batch is re-read.
   */
  static String quarantineLocation(Table table, String topic, int partition, long offset) {
    return table.location() + "/" + SinkArea.quarantineFile(topic, partition, offset);
  }

  private DataWriter<EncodedRow> open(HourPartition hour, long offset) {
    String name =
        String.format("%s-%d-%020d-%s.parquet", topic, partition, offset, UUID.randomUUID());
    String location = files.location(hour, name);
    written.add(location);
    return files.open(hour, location);
  }

  /** Closes the files and writes the quarantined records; the data files for a commit. */
  List<DataFile> close() throws IOException {
    for (QuarantinedRecord q : quarantined) {
      String location = quarantineLocation(files.table(), topic, partition, q.offset());
      written.add(location);
      try (OutputStream out = files.table().io().newOutputFile(location).createOrOverwrite()) {
        out.write(q.value() == null ? new byte[0] : q.value());
      }
    }
    List<DataFile> closed = new ArrayList<>(writers.size());
    for (DataWriter<EncodedRow> w : writers.values()) {
      w.close();
      closed.add(w.toDataFile());
    }
    writers.clear();
    return closed;
  }

  /** Closes and deletes every file of the batch, best effort (they are invisible either way). */
  void discard() {
    abandon();
    for (String f : written) {
      try {
        files.table().io().deleteFile(f);
      } catch (RuntimeException ignored) {
        // an unreferenced file: invisible, removed by orphan-file removal
      }
    }
  }

  /**
   * Closes the files and keeps them, best effort: after a commit whose outcome is unknown the table
   * may reference them.
   */
  void abandon() {
    for (DataWriter<EncodedRow> w : writers.values()) {
      try {
        w.close();
      } catch (IOException | RuntimeException ignored) {
        // a half-written file no snapshot references
      }
    }
    writers.clear();
  }

  int partition() {
    return partition;
  }

  OptionalLong committed() {
    return committed;
  }

  @Override
  public boolean isEmpty() {
    return rows == 0 && quarantined.isEmpty();
  }

  /** The records quarantined in this batch. */
  int quarantinedCount() {
    return quarantined.size();
  }

  @Override
  public long records() {
    return rows;
  }

  long end() {
    return end;
  }

  @Override
  public Instant openedAt() {
    return opened;
  }

  @Override
  public Instant lastRowAt() {
    return lastRowAt;
  }

  /** Latest event time of the batch's rows; null when it has only quarantined records. */
  Instant maxEvent() {
    return maxEvent;
  }

  int openFiles() {
    return writers.size();
  }

  /** Rows per hour, also after {@link #close()}. */
  Map<HourPartition, Long> rowsPerHour() {
    return rowsPerHour;
  }

  /** Bytes written so far (what the open files hold, not yet flushed row groups included). */
  @Override
  public long estimatedBytes() {
    long n = 0;
    for (DataWriter<EncodedRow> w : writers.values()) {
      n += w.length();
    }
    return n;
  }
}
