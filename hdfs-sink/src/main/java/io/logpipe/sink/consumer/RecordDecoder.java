package io.logpipe.sink.consumer;

import java.util.List;

import io.logpipe.schemas.AvroSerde;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the records of one poll into {@link LogEvent}s before the loop routes them; never throws. It runs on
 * the polling thread, in parallel with the previous poll's Parquet writes on the worker threads (measured: handing
 * decoding to the same workers made the polling thread wait behind their writes).
 */
final class RecordDecoder {

  /** A record's decoded event, or why it could not be decoded (then {@code event} is null). */
  record Decoded(LogEvent event, String failure) {}

  private final AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();

  /** One entry per record, in the same order. */
  Decoded[] decode(List<ConsumerRecord<byte[], byte[]>> records) {
    Decoded[] out = new Decoded[records.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = decodeOne(records.get(i));
    }
    return out;
  }

  private Decoded decodeOne(ConsumerRecord<byte[], byte[]> rec) {
    try {
      LogEvent event = rec.value() == null ? null : serde.deserialize(rec.topic(), rec.value());
      return event == null ? new Decoded(null, "null value") : new Decoded(event, null);
    } catch (RuntimeException e) {
      return new Decoded(null, e.toString());
    }
  }
}
