package io.logpipe.processor.errors;

import io.logpipe.schemas.RejectReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception thrown while a record is processed dead-letters the source record as {@link
 * RejectReason#PROCESSING_ERROR} (with its raw bytes) and processing resumes with the next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
  private HandlerSettings settings = HandlerSettings.from(Map.of());

  @Override
  public void configure(Map<String, ?> configs) {
    settings = HandlerSettings.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
    log.warn(
        "Processing failed at node {} for {}-{}@{}; dead-lettered to {}",
        context.processorNodeId(),
        context.topic(),
        context.partition(),
        context.offset(),
        settings.deadLetterTopic,
        e);
    settings.metrics.rejected(RejectReason.PROCESSING_ERROR);
    return Response.resume(List.of(settings.deadLetter(context, RejectReason.PROCESSING_ERROR, e)));
  }
}
