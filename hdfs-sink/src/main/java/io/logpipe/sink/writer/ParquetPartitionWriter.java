package io.logpipe.sink.writer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.row.EncodedRow;
import java.io.IOException;
import java.time.Instant;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes the rows of one hour partition from one Kafka partition into one temp Parquet file,
 * tracking the offset range it holds. The file stays invisible (it lives in the sink's temp area)
 * until a commit renames it. Not thread-safe: written by one thread at a time (a worker lane, or
 * the sink's polling thread once it has waited for that lane's tasks), except {@link
 * #estimatedBytes()}, which any thread may read.
 */
public final class ParquetPartitionWriter {

  private final HourPartition hour;
  private final Path tempFile;
  private final Instant openedAt;
  private ParquetWriter<EncodedRow> writer;
  private WriterState state = WriterState.OPEN;
  private long rows;
  private long firstOffset = -1;
  private long lastOffset = -1;
  private long finalBytes;
  // Parquet's estimate as of the last noteSize(): the loop reads it while a worker lane may be
  // writing.
  private volatile long sizeNoted;

  ParquetPartitionWriter(
      HourPartition hour, Path tempFile, ParquetWriter<EncodedRow> writer, Instant openedAt) {
    this.hour = hour;
    this.tempFile = tempFile;
    this.writer = writer;
    this.openedAt = openedAt;
  }

  /** Appends one row read at {@code offset}; offsets must increase. */
  public void write(EncodedRow row, long offset) throws IOException {
    requireState(WriterState.OPEN, "write");
    if (offset <= lastOffset) {
      throw new IllegalArgumentException(
          "offsets must increase: " + offset + " after " + lastOffset);
    }
    try {
      writer.write(row);
    } catch (IOException | RuntimeException | Error e) {
      state = WriterState.FAILED;
      throw e;
    }
    if (firstOffset < 0) {
      firstOffset = offset;
    }
    lastOffset = offset;
    rows++;
  }

  /**
   * Records Parquet's size estimate for {@link #estimatedBytes()}; called by whoever writes, after
   * a run of rows (asking Parquet per row would cost a walk over the columns each time).
   */
  public void noteSize() {
    if (state != WriterState.OPEN) {
      return;
    }
    try {
      sizeNoted = writer.getDataSize();
    } catch (RuntimeException e) {
      // An estimate only: the next run of rows, or the close, will tell.
    }
  }

  /** Flushes the footer; afterwards the temp file is a complete Parquet file. */
  public void close() throws IOException {
    requireState(WriterState.OPEN, "close");
    try {
      finalBytes = writer.getDataSize(); // unavailable once closed
      writer.close();
    } catch (IOException | RuntimeException | Error e) {
      state = WriterState.FAILED;
      throw e;
    }
    writer = null;
    state = WriterState.CLOSED;
  }

  /** Records that a commit has renamed the closed file to its visible name. */
  public void markPublished() {
    requireState(WriterState.CLOSED, "markPublished");
    state = WriterState.PUBLISHED;
  }

  /** Discards the file, whatever state it is in (except published); best effort on the delete. */
  public void abort(FileSystem fs) {
    if (state == WriterState.PUBLISHED || state == WriterState.ABORTED) {
      return;
    }
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException ignored) {
        // The file is being thrown away; a failing close changes nothing.
      }
      writer = null;
    }
    try {
      fs.delete(tempFile, false);
    } catch (IOException ignored) {
      // Left-over temp files are removed by the next recovery of this partition.
    }
    state = WriterState.ABORTED;
  }

  private void requireState(WriterState expected, String op) {
    if (state != expected) {
      throw new IllegalStateException(
          op + " on a " + state + " writer for " + hour + " (" + tempFile + ")");
    }
  }

  public HourPartition hour() {
    return hour;
  }

  public Path tempFile() {
    return tempFile;
  }

  public Instant openedAt() {
    return openedAt;
  }

  public WriterState state() {
    return state;
  }

  public long rows() {
    return rows;
  }

  public long firstOffset() {
    return firstOffset;
  }

  public long lastOffset() {
    return lastOffset;
  }

  /**
   * Bytes written plus the rows buffered in memory (Parquet's estimate), as of the last {@link
   * #noteSize()} while the file is open; safe to read from another thread than the writing one.
   */
  public long estimatedBytes() {
    return writer != null ? sizeNoted : finalBytes;
  }
}
