package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.row.RowCodec;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A curated record to a row of {@link LogEventTable}, with its hour in the sink's zone: the record
 * is checked once here, on the polling thread, and stays in its Avro bytes ({@link
 * EncodedRowWriter} writes the columns from them). Not thread-safe: one per polling thread.
 */
final class LogEventRows {

  private final ZoneId zone;
  private final RowCodec codec = new RowCodec();

  LogEventRows(ZoneId zone) {
    this.zone = zone;
  }

  /** The row of a curated record, for the batch of its partition. */
  RowWrites.Row decode(ConsumerRecord<byte[], byte[]> rec) {
    EncodedRow row;
    try {
      row = codec.read(rec.topic(), rec.value());
    } catch (RuntimeException ex) {
      throw new IllegalStateException(
          "Undecodable record at "
              + rec.topic()
              + "-"
              + rec.partition()
              + "@"
              + rec.offset()
              + " (the Iceberg mode has no quarantine yet): "
              + ex.getMessage(),
          ex);
    }
    Instant ts = row.ts();
    return new RowWrites.Row(rec.partition(), rec.offset(), HourPartition.of(ts, zone), row, ts);
  }
}
