package io.logpipe.processor.topology;

import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.schemas.StatusCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second stage of the status count, in the task that owns a status (after the repartition): sums
 * partial counts per window and status and emits each window's count once, when stream time (the
 * highest upstream stream time seen, which upstream tasks send after each flush's partials) reaches
 * window end + grace; then forgets it. A partial for a window that has already closed is late: its
 * events stay curated, are counted in the late-events metric and written to the late-counts topic,
 * and are not added to the window's count.
 *
 * <p>The watermark (stream time) is kept in the changelogged store so that after a restart a closed
 * window can never be emitted twice.
 */
final class FinalCounter implements Processor<Integer, PartialCount, String, CountOutput> {

  static final String STORE = "status-window-counts";

  /** Store key of the watermark; sorts after every window key. */
  private static final String WATERMARK = "~watermark";

  private final long sizeMs;
  private final long graceMs;
  private final boolean live;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, CountOutput> context;
  private KeyValueStore<String, Long> store;
  private long watermark;

  FinalCounter(
      java.time.Duration size, java.time.Duration grace, boolean live, ProcessorMetrics metrics) {
    this.sizeMs = size.toMillis();
    this.graceMs = grace.toMillis();
    this.live = live;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, CountOutput> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    Long w = store.get(WATERMARK);
    this.watermark = w == null ? Long.MIN_VALUE : w;
  }

  @Override
  public void process(Record<Integer, PartialCount> record) {
    PartialCount p = record.value();
    int status = record.key();
    if (p.isStreamTimeOnly()) {
      advance(p.streamTime());
      return;
    }
    StatusCountKey key = new StatusCountKey(p.windowStart(), status);
    if (closed(p.windowStart())) {
      metrics.lateEvents(p.count());
      // Written in the same transaction as the final counts, so final + late = curated holds
      // exactly.
      context.forward(
          new Record<>(
              key.toString(),
              CountOutput.late(statusCount(key, p.count(), true)),
              p.windowStart()));
    } else {
      String storeKey = key.storeKey();
      Long n = store.get(storeKey);
      long count = (n == null ? 0 : n) + p.count();
      store.put(storeKey, count);
      if (live) {
        context.forward(
            record
                .withKey(key.toString())
                .withValue(CountOutput.live(statusCount(key, count, false)))
                .withTimestamp(p.windowStart()));
      }
    }
    advance(p.streamTime()); // partials of older versions carried the stream time themselves
  }

  private void advance(long streamTime) {
    if (streamTime > watermark) {
      watermark = streamTime;
      store.put(WATERMARK, watermark);
      emitClosedWindows();
    }
  }

  private boolean closed(long windowStart) {
    return watermark != Long.MIN_VALUE && windowStart + sizeMs + graceMs <= watermark;
  }

  private void emitClosedWindows() {
    List<KeyValue<StatusCountKey, Long>> closed = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> e = it.next();
        if (!WATERMARK.equals(e.key)) {
          StatusCountKey key = StatusCountKey.fromStoreKey(e.key);
          if (closed(key.windowStart())) {
            closed.add(KeyValue.pair(key, e.value));
          }
        }
      }
    }
    closed.sort((a, b) -> Long.compare(a.key.windowStart(), b.key.windowStart()));
    for (KeyValue<StatusCountKey, Long> e : closed) {
      long ws = e.key.windowStart();
      context.forward(
          new Record<>(
              e.key.toString(),
              CountOutput.fin(statusCount(e.key, e.value, true)),
              ws + sizeMs - 1));
      store.delete(e.key.storeKey());
    }
  }

  private StatusCount statusCount(StatusCountKey key, long count, boolean fin) {
    return new StatusCount(
        Instant.ofEpochMilli(key.windowStart()),
        Instant.ofEpochMilli(key.windowStart() + sizeMs),
        key.status(),
        count,
        fin);
  }
}
