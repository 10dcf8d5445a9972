package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.commit.QuarantinedRecord;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.row.RowCodec;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A curated record to a row of {@link LogEventTable}, with its hour in the sink's zone: the record
 * is checked once here, on the polling thread, and stays in its Avro bytes ({@link
 * EncodedRowWriter} writes the columns from them). Not thread-safe: one per polling thread.
 */
final class LogEventRows {

  private static final Logger log = LoggerFactory.getLogger(LogEventRows.class);

  private final ZoneId zone;
  private final SinkMetrics metrics;
  private final RowCodec codec = new RowCodec();

  LogEventRows(ZoneId zone, SinkMetrics metrics) {
    this.zone = zone;
    this.metrics = metrics;
  }

  /**
   * The row of a curated record, for the batch of its partition; a record that is no LogEvent is
   * quarantined with the batch (its bytes kept under the table, its offset committed with it).
   */
  RowWrites.Row decode(ConsumerRecord<byte[], byte[]> rec) {
    EncodedRow row;
    try {
      row = codec.read(rec.topic(), rec.value());
    } catch (RuntimeException ex) {
      String reason = String.valueOf(ex.getMessage());
      log.warn(
          "Quarantining undecodable record {}-{}@{}: {}",
          rec.topic(),
          rec.partition(),
          rec.offset(),
          reason);
      metrics.quarantined();
      return RowWrites.Row.quarantined(
          rec.partition(), new QuarantinedRecord(rec.offset(), rec.value(), reason));
    }
    Instant ts = row.ts();
    return new RowWrites.Row(rec.partition(), rec.offset(), HourPartition.of(ts, zone), row, ts);
  }
}
