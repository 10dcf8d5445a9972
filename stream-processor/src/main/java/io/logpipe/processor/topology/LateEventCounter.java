package io.logpipe.processor.topology;

import java.time.Duration;

import io.logpipe.processor.metrics.ProcessorMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Pass-through placed in the same task as the windowed count, just before it. It tracks stream time the way
 * the count does (the highest timestamp this task has seen) and applies the count's drop rule (window end at
 * or before stream time minus grace), so the metric counts the events the windows ignore. The events
 * themselves were already curated upstream. After a restart the tracked time starts again from the first
 * record, like the count's own, so a late event right after a restart can go unnoticed by both.
 */
final class LateEventCounter<K, V> implements FixedKeyProcessor<K, V, V> {

  private final long sizeMs;
  private final long graceMs;
  private final ProcessorMetrics metrics;
  private FixedKeyProcessorContext<K, V> context;
  private long observedStreamTime = Long.MIN_VALUE;

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
    observedStreamTime = Math.max(observedStreamTime, ts);
    if (windowEnd <= observedStreamTime - graceMs) {
      metrics.lateEvent();
    }
    context.forward(record);
  }
}
