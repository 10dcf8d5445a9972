package io.logpipe.processor.errors;

import io.logpipe.processor.metrics.ProcessorMetrics;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Installs logpipe's dead-letter exception handlers into Kafka Streams properties. */
public final class ErrorHandling {

  private ErrorHandling() {}

  /**
   * Sets the three exception handlers (unless the user configured their own) and hands them the
   * dead-letter topic, {@code metrics} and the {@code clock} their dead letters are stamped with.
   */
  public static void install(
      Properties props, String deadLetterTopic, ProcessorMetrics metrics, Clock clock) {
    props.put(io.logpipe.processor.config.ProcessorConfig.REJECTED_TOPIC, deadLetterTopic);
    props.putIfAbsent(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    props.putIfAbsent(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProcessingHandler.class.getName());
    props.putIfAbsent(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProductionHandler.class.getName());
    // No global tables today; enabling it now keeps behaviour stable when Kafka 5.0 turns it on by
    // default.
    props.putIfAbsent("processing.exception.handler.global.enabled", "true");
    props.put(HandlerSettings.METRICS_INSTANCE, metrics);
    props.put(HandlerSettings.CLOCK_INSTANCE, clock);
  }
}
