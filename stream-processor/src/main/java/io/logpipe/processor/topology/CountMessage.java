package io.logpipe.processor.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the raw tasks send the window counter on the repartition topic: {@link PartialCount}s (keyed
 * by status, to the status's partition) and {@link PartitionProgress} reports (to every partition).
 * Internal to the topology; one tag byte, then the fields.
 */
sealed interface CountMessage permits PartialCount, PartitionProgress {

  byte COUNT = 1;
  byte PROGRESS = 2;

  /**
   * The format before progress reports (24 bytes: window start, count, stream time). Its counts are
   * still read, so that an upgrade loses none; its stream times named no raw partition and are
   * ignored (read as null).
   */
  int LEGACY_SIZE = 24;

  static Serde<CountMessage> serde() {
    Serializer<CountMessage> ser = (topic, m) -> m == null ? null : write(m);
    Deserializer<CountMessage> de = (topic, b) -> b == null ? null : read(b);
    return Serdes.serdeFrom(ser, de);
  }

  private static byte[] write(CountMessage m) {
    if (m instanceof PartialCount c) {
      return ByteBuffer.allocate(17).put(COUNT).putLong(c.windowStart()).putLong(c.count()).array();
    }
    PartitionProgress p = (PartitionProgress) m;
    return ByteBuffer.allocate(13)
        .put(PROGRESS)
        .putInt(p.rawPartition())
        .putLong(p.streamTime())
        .array();
  }

  private static CountMessage read(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    if (b.length == 17 && b[0] == COUNT) {
      buf.get();
      return new PartialCount(buf.getLong(), buf.getLong());
    }
    if (b.length == 13 && b[0] == PROGRESS) {
      buf.get();
      return new PartitionProgress(buf.getInt(), buf.getLong());
    }
    if (b.length == LEGACY_SIZE) {
      long windowStart = buf.getLong();
      long count = buf.getLong();
      return count == 0 ? null : new PartialCount(windowStart, count);
    }
    throw new SerializationException(
        "not a partial count or a progress report: " + b.length + " bytes, tag " + b[0]);
  }
}
