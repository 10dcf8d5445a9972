package io.logpipe.processor.errors;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.processor.topology.DeadLetters;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.RejectedLine;
import io.logpipe.schemas.Topics;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * What every exception handler needs, read from the Streams configuration it is given: the
 * dead-letter topic ({@link ProcessorConfig#REJECTED_TOPIC}), and the metrics instance and clock
 * the application put under {@link #METRICS_INSTANCE} and {@link #CLOCK_INSTANCE} (a fresh instance
 * and the system clock when absent, e.g. in a user's own TopologyTestDriver).
 */
final class HandlerSettings {

  /** Streams config key under which the application passes its {@link ProcessorMetrics} object. */
  static final String METRICS_INSTANCE = "logpipe.metrics.instance";

  /** Streams config key under which the application passes the {@link Clock} of dead letters. */
  static final String CLOCK_INSTANCE = "logpipe.clock.instance";

  final String deadLetterTopic;
  final ProcessorMetrics metrics;
  private final Clock clock;

  private HandlerSettings(String deadLetterTopic, ProcessorMetrics metrics, Clock clock) {
    this.deadLetterTopic = deadLetterTopic;
    this.metrics = metrics;
    this.clock = clock;
  }

  static HandlerSettings from(Map<String, ?> configs) {
    Object topic = configs.get(ProcessorConfig.REJECTED_TOPIC);
    Object metrics = configs.get(METRICS_INSTANCE);
    Object clock = configs.get(CLOCK_INSTANCE);
    return new HandlerSettings(
        topic == null ? Topics.REJECTED : topic.toString(),
        metrics instanceof ProcessorMetrics m ? m : new ProcessorMetrics(),
        clock instanceof Clock c ? c : Clock.systemUTC());
  }

  /**
   * The dead letter for the source record behind {@code context}, ready for a handler's response.
   */
  ProducerRecord<byte[], byte[]> deadLetter(
      ErrorHandlerContext context, RejectReason reason, Exception e) {
    RejectedLine line =
        DeadLetters.of(
            context.sourceRawValue(),
            reason,
            reason + " at node " + context.processorNodeId() + ": " + e,
            context.topic(),
            context.partition(),
            context.offset(),
            clock.instant());
    byte[] value = LogpipeSerdes.rejectedLine().serialize(deadLetterTopic, line);
    return new ProducerRecord<>(deadLetterTopic, null, value);
  }
}
