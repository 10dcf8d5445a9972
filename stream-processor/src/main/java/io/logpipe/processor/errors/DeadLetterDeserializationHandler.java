package io.logpipe.processor.errors;

import io.logpipe.schemas.RejectReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialized is dead-lettered as {@link
 * RejectReason#DESERIALIZATION_ERROR} and skipped; the application keeps running.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  private HandlerSettings settings = HandlerSettings.from(Map.of());

  @Override
  public void configure(Map<String, ?> configs) {
    settings = HandlerSettings.from(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
    log.warn(
        "Cannot deserialize {}-{}@{}: {}; dead-lettered to {}",
        record.topic(),
        record.partition(),
        record.offset(),
        e.toString(),
        settings.deadLetterTopic);
    settings.metrics.rejected(RejectReason.DESERIALIZATION_ERROR);
    return Response.resume(
        List.of(settings.deadLetter(context, RejectReason.DESERIALIZATION_ERROR, e)));
  }
}
