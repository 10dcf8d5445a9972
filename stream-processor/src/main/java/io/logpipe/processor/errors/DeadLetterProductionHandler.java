package io.logpipe.processor.errors;

import io.logpipe.schemas.RejectReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be serialized or produced (too large, invalid) dead-letters its source
 * record as {@link RejectReason#PRODUCTION_ERROR} and the application continues. A failure of the
 * dead-letter topic itself is logged and skipped, so a broken dead-letter topic cannot loop.
 * Retriable errors are retried.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
  private HandlerSettings settings = HandlerSettings.from(Map.of());

  @Override
  public void configure(Map<String, ?> configs) {
    settings = HandlerSettings.from(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception e) {
    if (e instanceof RetriableException) {
      return Response.retry();
    }
    return deadLetter(context, record.topic(), e);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception e,
      SerializationExceptionOrigin origin) {
    return deadLetter(context, record.topic(), e);
  }

  private Response deadLetter(ErrorHandlerContext context, String topic, Exception e) {
    settings.metrics.rejected(RejectReason.PRODUCTION_ERROR);
    if (settings.deadLetterTopic.equals(topic)) {
      log.error(
          "Cannot write dead letter for {}-{}@{} to {}; skipped",
          context.topic(),
          context.partition(),
          context.offset(),
          topic,
          e);
      return Response.resume();
    }
    log.warn(
        "Cannot produce to {} for {}-{}@{}: {}; dead-lettered to {}",
        topic,
        context.topic(),
        context.partition(),
        context.offset(),
        e.toString(),
        settings.deadLetterTopic);
    return Response.resume(List.of(settings.deadLetter(context, RejectReason.PRODUCTION_ERROR, e)));
  }
}
