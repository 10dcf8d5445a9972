package io.logpipe.processor.topology;

import java.time.Duration;

import io.logpipe.processor.metrics.ProcessorMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Pass-through placed in the same task as the windowed count, just before it. It applies the count's own
 * drop rule (window end at or before stream time minus grace) so that the metric counts exactly the events
 * the windows ignore. The events themselves were already curated upstream.
 */
final class LateEventCounter<K, V> implements FixedKeyProcessor<K, V, V> {

  private final long sizeMs;
  private final long graceMs;
  private final ProcessorMetrics metrics;
  private FixedKeyProcessorContext<K, V> context;

  LateEventCounter(Duration size, Duration grace, ProcessorMetrics metrics) {
    this.sizeMs = size.toMillis();
    this.graceMs = grace.toMillis();
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<K, V> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<K, V> record) {
    long ts = record.timestamp();
    long windowEnd = ts - Math.floorMod(ts, sizeMs) + sizeMs;
    long streamTime = Math.max(context.currentStreamTimeMs(), ts);
    if (windowEnd <= streamTime - graceMs) {
      metrics.lateEvent();
    }
    context.forward(record);
  }
}
