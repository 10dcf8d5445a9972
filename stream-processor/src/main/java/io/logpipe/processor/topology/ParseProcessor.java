package io.logpipe.processor.topology;

import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.processor.parse.LogLineParser;
import io.logpipe.processor.parse.ParseOutcome;
import io.logpipe.processor.parse.RawLine;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses each raw record and forwards either a {@link LogEvent} keyed by host and timestamped with
 * its event time (no headers), or a {@link io.logpipe.schemas.RejectedLine} (null key, original
 * timestamp and headers). Exactly one output per input.
 */
final class ParseProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

  private final LogLineParser parser;
  private final ProcessorMetrics metrics;
  private final Clock clock;
  private ProcessorContext<String, SpecificRecord> context;

  /**
   * @param clock when dead letters are stamped as rejected
   */
  ParseProcessor(LogLineParser parser, ProcessorMetrics metrics, Clock clock) {
    this.parser = parser;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.lineIn();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? "" : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1L : meta.offset();
    Header hostHeader = record.headers().lastHeader(Topics.HEADER_HOST);
    String headerHost =
        hostHeader == null || hostHeader.value() == null
            ? null
            : new String(hostHeader.value(), StandardCharsets.UTF_8);
    ParseOutcome outcome =
        parser.parse(new RawLine(record.value(), headerHost, topic, partition, offset));
    if (outcome instanceof ParseOutcome.Parsed parsed) {
      LogEvent event = parsed.event();
      metrics.curated();
      // Without the raw record's headers: the event carries its host and its lineage, and copying
      // the headers into every curated record cost measurable time per record.
      context.forward(
          new Record<String, SpecificRecord>(event.getHost(), event, event.getTs().toEpochMilli()));
    } else if (outcome instanceof ParseOutcome.Rejected rejected) {
      metrics.rejected(rejected.reason());
      context.forward(
          new Record<String, SpecificRecord>(
              null,
              DeadLetters.of(
                  record.value(),
                  rejected.reason(),
                  rejected.message(),
                  topic,
                  partition,
                  offset,
                  clock.instant()),
              record.timestamp(),
              record.headers()));
    }
  }
}
