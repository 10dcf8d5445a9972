package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** {@code LogEvent} to a row of {@link LogEventTable}, with its hour in the sink's zone. */
final class LogEventRows {

  private final ZoneId zone;
  private final Deserializer<LogEvent> decoder = LogpipeSerdes.logEvent().deserializer();
  private final GenericRecord template = GenericRecord.create(LogEventTable.SCHEMA);

  LogEventRows(ZoneId zone) {
    this.zone = zone;
  }

  /** The row of a curated record, for the batch of its partition. */
  RowWrites.Row decode(ConsumerRecord<byte[], byte[]> rec) {
    LogEvent e;
    try {
      e = decoder.deserialize(rec.topic(), rec.value());
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
    HourPartition hour = hourOf(e);
    return new RowWrites.Row(rec.partition(), rec.offset(), hour, row(e, hour), e.getTs());
  }

  HourPartition hourOf(LogEvent e) {
    return HourPartition.of(e.getTs(), zone);
  }

  Record row(LogEvent e, HourPartition hour) {
    GenericRecord r = template.copy();
    r.set(0, e.getTs().atOffset(ZoneOffset.UTC));
    r.set(1, e.getHost());
    r.set(2, e.getMethod());
    r.set(3, e.getPath());
    r.set(4, e.getQuery());
    r.set(5, e.getStatus());
    r.set(6, e.getBytes());
    r.set(7, e.getIp());
    r.set(8, e.getUa());
    r.set(9, e.getReferrer());
    r.set(10, e.getRtMs());
    r.set(11, e.getFormat().name());
    r.set(12, e.getRawTopic());
    r.set(13, e.getRawPartition());
    r.set(14, e.getRawOffset());
    r.set(15, hour.date());
    r.set(16, hour.hour());
    return r;
  }
}
