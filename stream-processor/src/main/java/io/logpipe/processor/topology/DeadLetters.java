package io.logpipe.processor.topology;

import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.RejectedLine;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link RejectedLine}s the same way for parse rejections and for exception handlers. */
public final class DeadLetters {

  private static final int MAX_MESSAGE_CHARS = 1000;

  private DeadLetters() {}

  /**
   * A dead letter for {@code raw} (null becomes empty) read at the given coordinates, rejected at
   * {@code rejectedAt}.
   */
  public static RejectedLine of(
      byte[] raw,
      RejectReason reason,
      String message,
      String topic,
      int partition,
      long offset,
      Instant rejectedAt) {
    String m = message == null ? reason.name() : message;
    return RejectedLine.newBuilder()
        .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
        .setReason(reason)
        .setMessage(m.length() > MAX_MESSAGE_CHARS ? m.substring(0, MAX_MESSAGE_CHARS) : m)
        .setRawTopic(topic == null ? "" : topic)
        .setRawPartition(partition)
        .setRawOffset(offset)
        .setRejectedAt(rejectedAt)
        .build();
  }
}
