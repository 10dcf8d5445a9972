package io.logpipe.sink.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.logpipe.schemas.AvroSerde;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the records of one poll into {@link LogEvent}s before the loop writes them. Decoding is a pure
 * function of the record bytes, so spreading it over helper threads changes nothing the loop decides (order,
 * batches, commits stay on the loop thread); it only takes Avro decoding, about a third of the sink's CPU per
 * row, off the polling thread.
 */
final class RecordDecoder {

  /** A record's decoded event, or why it could not be decoded (then {@code event} is null). */
  record Decoded(LogEvent event, String failure) {}

  /** Below this many records a poll is decoded on the caller alone: handing off would cost more. */
  private static final int CHUNK = 512;

  private final ThreadLocal<AvroSerde<LogEvent>> serde = ThreadLocal.withInitial(LogpipeSerdes::logEvent);
  private final ExecutorService pool;

  /** {@code pool} may be null: then every record is decoded on the caller. */
  RecordDecoder(ExecutorService pool) {
    this.pool = pool;
  }

  /** One entry per record, in the same order. */
  Decoded[] decode(List<ConsumerRecord<byte[], byte[]>> records) {
    Decoded[] out = new Decoded[records.size()];
    if (pool == null || records.size() <= CHUNK) {
      decodeRange(records, out, 0, records.size());
      return out;
    }
    List<Future<?>> pending = new ArrayList<>();
    int from = CHUNK; // the caller decodes the first chunk itself while the helpers take the rest
    while (from < records.size()) {
      int start = from;
      int end = Math.min(records.size(), from + CHUNK);
      pending.add(pool.submit(() -> decodeRange(records, out, start, end)));
      from = end;
    }
    decodeRange(records, out, 0, CHUNK);
    for (Future<?> f : pending) {
      try {
        f.get(); // also publishes the helper's writes into `out` to this thread
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while decoding records", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("Decoding records failed", e.getCause());
      }
    }
    return out;
  }

  private void decodeRange(List<ConsumerRecord<byte[], byte[]>> records, Decoded[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = decodeOne(records.get(i));
    }
  }

  private Decoded decodeOne(ConsumerRecord<byte[], byte[]> rec) {
    try {
      LogEvent event = rec.value() == null ? null : serde.get().deserialize(rec.topic(), rec.value());
      return event == null ? new Decoded(null, "null value") : new Decoded(event, null);
    } catch (RuntimeException e) {
      return new Decoded(null, e.toString());
    }
  }
}
