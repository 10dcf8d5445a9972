package io.logpipe.processor.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Events of one status in one window counted by one upstream task since its last flush ({@code
 * streamTime} {@link Long#MIN_VALUE}), or that task's stream time at the flush ({@code count} 0,
 * sent after the flush's counts). Internal to the topology (repartition topic value); 24 bytes.
 */
record PartialCount(long windowStart, long count, long streamTime) {

  /** {@code count} events of one status in the window starting at {@code windowStart}. */
  static PartialCount counted(long windowStart, long count) {
    return new PartialCount(windowStart, count, Long.MIN_VALUE);
  }

  /** The upstream task's stream time, after the counts of its flush. */
  static PartialCount streamTimeOnly(long streamTime) {
    return new PartialCount(Long.MIN_VALUE, 0, streamTime);
  }

  boolean isStreamTimeOnly() {
    return count == 0;
  }

  static Serde<PartialCount> serde() {
    Serializer<PartialCount> ser =
        (topic, p) ->
            p == null
                ? null
                : ByteBuffer.allocate(24)
                    .putLong(p.windowStart)
                    .putLong(p.count)
                    .putLong(p.streamTime)
                    .array();
    Deserializer<PartialCount> de =
        (topic, b) -> {
          if (b == null) {
            return null;
          }
          if (b.length != 24) {
            throw new SerializationException("partial count must be 24 bytes, was " + b.length);
          }
          ByteBuffer buf = ByteBuffer.wrap(b);
          return new PartialCount(buf.getLong(), buf.getLong(), buf.getLong());
        };
    return Serdes.serdeFrom(ser, de);
  }
}
