package io.logpipe.processor.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.schemas.StatusCount;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second stage of the status count, in the task that owns a status (after the repartition): sums partial counts
 * per window and status and emits each window's count once, when the watermark reaches window end + grace; then
 * forgets it. The watermark is the {@link InputWatermark} over the raw partitions, whose tasks each send their
 * stream time to every partition of the repartition topic after each flush's partials: the lowest stream time
 * among the partitions heard within the idle timeout, re-evaluated on a wall-clock punctuation so that a
 * partition falling silent releases the windows it held. A partial for a window that has already closed is late:
 * its events stay curated, are counted in the late-events metric and written to the late-counts topic, and are
 * not added to the window's count.
 *
 * <p>The watermark is kept in the changelogged count store so that after a restart a closed window can never be
 * emitted twice; each raw partition's stream time in a changelogged store of its own, so that a restart does not
 * forget a partition that is behind.
 */
final class FinalCounter implements Processor<Integer, PartialCount, String, CountOutput> {

  static final String STORE = "status-window-counts";
  /** Raw partition -> the highest stream time it reported. */
  static final String PROGRESS_STORE = "status-input-progress";
  /** Longest wait between a partition's idle timeout and the windows it held being released. */
  private static final Duration MAX_IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);
  /** Store key of the watermark; sorts after every window key. */
  private static final String WATERMARK = "~watermark";

  private final long sizeMs;
  private final long graceMs;
  private final boolean live;
  private final ProcessorMetrics metrics;
  private final Duration idleTimeout;
  private final int rawPartitions;
  private ProcessorContext<String, CountOutput> context;
  private KeyValueStore<String, Long> store;
  private KeyValueStore<Integer, Long> progressStore;
  private InputWatermark inputs;
  private long watermark;

  /** @param rawPartitions partitions of the raw topic, expected to report from the start; 0 when unknown */
  FinalCounter(Duration size, Duration grace, Duration idleTimeout, int rawPartitions, boolean live,
      ProcessorMetrics metrics) {
    this.sizeMs = size.toMillis();
    this.graceMs = grace.toMillis();
    this.idleTimeout = idleTimeout;
    this.rawPartitions = rawPartitions;
    this.live = live;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, CountOutput> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.progressStore = context.getStateStore(PROGRESS_STORE);
    Long w = store.get(WATERMARK);
    this.watermark = w == null ? Long.MIN_VALUE : w;
    long now = context.currentSystemTimeMs();
    inputs = new InputWatermark(idleTimeout.toMillis());
    try (KeyValueIterator<Integer, Long> it = progressStore.all()) {
      it.forEachRemaining(e -> inputs.restore(e.key, e.value, now));
    }
    for (int partition = 0; partition < rawPartitions; partition++) {
      inputs.expect(partition, now);
    }
    Duration check = idleTimeout.compareTo(MAX_IDLE_CHECK_INTERVAL) < 0 ? idleTimeout : MAX_IDLE_CHECK_INTERVAL;
    context.schedule(check, PunctuationType.WALL_CLOCK_TIME, this::advance);
  }

  @Override
  public void process(Record<Integer, PartialCount> record) {
    PartialCount p = record.value();
    if (p.isStreamTimeOnly()) {
      int rawPartition = record.key();
      long now = context.currentSystemTimeMs();
      if (inputs.report(rawPartition, p.streamTime(), now)) {
        progressStore.put(rawPartition, p.streamTime());
      }
      advance(now);
      return;
    }
    int status = record.key();
    if (closed(p.windowStart())) {
      metrics.lateEvents(p.count());
      // Written in the same transaction as the final counts, so final + late = curated holds exactly.
      context.forward(new Record<>(StatusCountKey.of(Instant.ofEpochMilli(p.windowStart()), status),
          CountOutput.late(statusCount(p.windowStart(), status, p.count(), true)), p.windowStart()));
    } else {
      String key = WindowStatus.key(p.windowStart(), status);
      Long n = store.get(key);
      long count = (n == null ? 0 : n) + p.count();
      store.put(key, count);
      if (live) {
        context.forward(record.withKey(StatusCountKey.of(Instant.ofEpochMilli(p.windowStart()), status))
            .withValue(CountOutput.live(statusCount(p.windowStart(), status, count, false)))
            .withTimestamp(p.windowStart()));
      }
    }
  }

  /** Raises the watermark to the inputs' watermark at {@code now} if that is higher; never lowers it. */
  private void advance(long now) {
    long next = inputs.watermark(now);
    if (next > watermark) {
      watermark = next;
      store.put(WATERMARK, watermark);
      emitClosedWindows();
    }
  }

  private boolean closed(long windowStart) {
    return watermark != Long.MIN_VALUE && windowStart + sizeMs + graceMs <= watermark;
  }

  private void emitClosedWindows() {
    List<KeyValue<String, Long>> closed = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> e = it.next();
        if (!WATERMARK.equals(e.key) && closed(WindowStatus.windowStart(e.key))) {
          closed.add(e);
        }
      }
    }
    closed.sort((a, b) -> Long.compare(WindowStatus.windowStart(a.key), WindowStatus.windowStart(b.key)));
    for (KeyValue<String, Long> e : closed) {
      long ws = WindowStatus.windowStart(e.key);
      int status = WindowStatus.status(e.key);
      context.forward(new Record<>(StatusCountKey.of(Instant.ofEpochMilli(ws), status),
          CountOutput.fin(statusCount(ws, status, e.value, true)), ws + sizeMs - 1));
      store.delete(e.key);
    }
  }

  private StatusCount statusCount(long windowStart, int status, long count, boolean fin) {
    return new StatusCount(Instant.ofEpochMilli(windowStart), Instant.ofEpochMilli(windowStart + sizeMs), status,
        count, fin);
  }
}
