package io.logpipe.sink.consumer;

import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.row.RowCodec;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks the records of one poll before the loop routes them and reads their event times; never
 * throws. It runs on the polling thread, in parallel with the previous poll's Parquet writes on the
 * worker threads, so that a record no reader could decode is quarantined here rather than failing a
 * write (which would be retried forever).
 */
final class RecordDecoder {

  /** A record's checked row, or why it could not be read (then {@code row} is null). */
  record Decoded(EncodedRow row, String failure) {}

  private final RowCodec codec = new RowCodec();

  /** One entry per record, in the same order. */
  Decoded[] decode(List<ConsumerRecord<byte[], byte[]>> records) {
    Decoded[] out = new Decoded[records.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = decodeOne(records.get(i));
    }
    return out;
  }

  private Decoded decodeOne(ConsumerRecord<byte[], byte[]> rec) {
    if (rec.value() == null) {
      return new Decoded(null, "null value");
    }
    try {
      return new Decoded(codec.read(rec.topic(), rec.value()), null);
    } catch (RuntimeException e) {
      return new Decoded(null, e.toString());
    }
  }
}
