package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.commit.QuarantinedRecord;
import io.logpipe.sink.row.EncodedRow;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes each poll's rows into their batches on a thread of its own while the polling thread polls
 * and decodes the next poll, as the file mode's worker does. At most one poll is in flight: the
 * polling thread {@link #await}s it before it looks at or changes any batch (rotation, commit, hour
 * marks, rebalance), so a batch is only ever touched by one thread at a time, and the hand-over
 * through the executor's future orders the writes before what the polling thread does next.
 */
final class RowWrites implements AutoCloseable {

  /** One decoded row of a Kafka record, for the batch of its partition. */
  record Row(
      int partition,
      long offset,
      HourPartition hour,
      EncodedRow row,
      Instant eventTime,
      QuarantinedRecord quarantined) {

    Row(int partition, long offset, HourPartition hour, EncodedRow row, Instant eventTime) {
      this(partition, offset, hour, row, eventTime, null);
    }

    /** A record no reader could decode: kept verbatim with its batch, not a row. */
    static Row quarantined(int partition, QuarantinedRecord record) {
      return new Row(partition, record.offset(), null, null, null, record);
    }
  }

  /** One row and the batch it goes to. */
  record Write(PartitionBatch batch, Row row) {}

  private final ExecutorService lane =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "logpipe-iceberg-sink-writer");
            t.setDaemon(true);
            return t;
          });
  private Future<?> inFlight;

  /** Waits for the previous poll's writes, then starts writing {@code writes} in their order. */
  void submit(List<Write> writes, Instant now) {
    await();
    if (writes.isEmpty()) {
      return;
    }
    inFlight =
        lane.submit(
            () -> {
              for (Write w : writes) {
                Row r = w.row();
                if (r.quarantined() != null) {
                  w.batch().quarantine(r.quarantined(), now);
                } else {
                  w.batch().write(r.offset(), r.hour(), r.row(), r.eventTime(), now);
                }
              }
            });
  }

  /**
   * Waits until the rows submitted so far are in their batches; a write's failure is thrown here.
   */
  void await() {
    Future<?> f = inFlight;
    if (f == null) {
      return;
    }
    inFlight = null;
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while rows were being written", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("Writing rows failed: " + cause.getMessage(), cause);
    }
  }

  /** Waits as {@link #await} and ignores a failure (the batches are discarded after it). */
  void awaitQuietly() {
    try {
      await();
    } catch (RuntimeException | Error ignored) {
      // the caller is already failing with its own exception
    }
  }

  @Override
  public void close() {
    lane.shutdownNow();
    try {
      lane.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
