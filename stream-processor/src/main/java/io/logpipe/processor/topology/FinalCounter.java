package io.logpipe.processor.topology;

import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.schemas.StatusCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second stage of the status count, in the task that owns a status (after the repartition): sums
 * partial counts per window and status and emits each window's count once, when the watermark
 * reaches window end + grace; then forgets it. The watermark is the minimum of the raw partitions'
 * progress ({@link InputProgress}: each raw task reports its own after each flush's partials, idle
 * partitions excepted), and never goes back. A partial for a window that has already closed is
 * late: its events stay curated, are counted in the late-events metric and written to the
 * late-counts topic, and are not added to the window's count. Every partial is either added to an
 * open window, whose final count includes it, or written as late: final + late = curated.
 *
 * <p>The watermark and every raw partition's progress are kept in the changelogged store, so that
 * after a restart or a rebalance a closed window can never be emitted twice and a slow partition
 * keeps holding the windows back.
 */
final class FinalCounter implements Processor<Integer, CountMessage, String, CountOutput> {

  static final String STORE = "status-window-counts";

  /** Store key of the watermark; it and the progress keys sort after every window key. */
  private static final String WATERMARK = "~watermark";

  /** Store key prefix of a raw partition's progress: {@code ~progress/<partition>}. */
  private static final String PROGRESS = "~progress/";

  /** How often idleness is re-judged when no report arrives, at most. */
  private static final long IDLE_CHECK_MS = 1000;

  /** {@link #nextCloseAt} before the store has been scanned. */
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final long sizeMs;
  private final long graceMs;
  private final long idleTimeoutMs;
  private final int rawPartitions;
  private final boolean live;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, CountOutput> context;
  private KeyValueStore<String, Long> store;
  private InputProgress inputs;
  private long watermark;

  /**
   * When the earliest open window closes, so that a watermark step that closes nothing does not
   * scan the store; {@link #UNKNOWN} until the first scan (after a restore).
   */
  private long nextCloseAt = UNKNOWN;

  /**
   * @param rawPartitions partitions of the raw topic when the topology was built: each holds the
   *     watermark back until it reports or is idle
   */
  FinalCounter(
      Duration size,
      Duration grace,
      Duration idleTimeout,
      int rawPartitions,
      boolean live,
      ProcessorMetrics metrics) {
    this.sizeMs = size.toMillis();
    this.graceMs = grace.toMillis();
    this.idleTimeoutMs = idleTimeout.toMillis();
    this.rawPartitions = rawPartitions;
    this.live = live;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, CountOutput> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    long now = context.currentSystemTimeMs();
    Long w = store.get(WATERMARK);
    this.watermark = w == null ? Long.MIN_VALUE : w;
    this.inputs = new InputProgress(idleTimeoutMs);
    inputs.expect(rawPartitions, now);
    try (KeyValueIterator<String, Long> it =
        store.range(PROGRESS, PROGRESS + Character.MAX_VALUE)) {
      it.forEachRemaining(
          e -> inputs.restore(Integer.parseInt(e.key.substring(PROGRESS.length())), e.value, now));
    }
    context.schedule(
        Duration.ofMillis(Math.max(1, Math.min(IDLE_CHECK_MS, idleTimeoutMs))),
        PunctuationType.WALL_CLOCK_TIME,
        this::advance);
  }

  @Override
  public void process(Record<Integer, CountMessage> record) {
    if (record.value() instanceof PartitionProgress p) {
      long now = context.currentSystemTimeMs();
      if (inputs.report(p.rawPartition(), p.streamTime(), now)) {
        store.put(PROGRESS + p.rawPartition(), p.streamTime());
      }
      advance(now);
    } else if (record.value() instanceof PartialCount p) {
      count(record.key(), p, record);
    } // null: a stream-time record of the format before progress reports; nothing to count
  }

  private void count(int status, PartialCount p, Record<Integer, CountMessage> record) {
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
      return;
    }
    String storeKey = key.storeKey();
    Long n = store.get(storeKey);
    long count = (n == null ? 0 : n) + p.count();
    store.put(storeKey, count);
    if (nextCloseAt != UNKNOWN) {
      nextCloseAt = Math.min(nextCloseAt, closesAt(p.windowStart()));
    }
    if (live) {
      context.forward(
          record
              .withKey(key.toString())
              .withValue(CountOutput.live(statusCount(key, count, false)))
              .withTimestamp(p.windowStart()));
    }
  }

  /** Moves the watermark to what the raw partitions allow now, if that is further. */
  private void advance(long nowMs) {
    long allowed = inputs.watermark(nowMs);
    if (allowed > watermark) {
      watermark = allowed;
      store.put(WATERMARK, watermark);
      if (nextCloseAt == UNKNOWN || nextCloseAt <= watermark) {
        emitClosedWindows();
      }
    }
  }

  private boolean closed(long windowStart) {
    return watermark != Long.MIN_VALUE && closesAt(windowStart) <= watermark;
  }

  private long closesAt(long windowStart) {
    return windowStart + sizeMs + graceMs;
  }

  private void emitClosedWindows() {
    List<KeyValue<StatusCountKey, Long>> closed = new ArrayList<>();
    long next = Long.MAX_VALUE;
    try (KeyValueIterator<String, Long> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> e = it.next();
        if (!e.key.startsWith("~")) {
          StatusCountKey key = StatusCountKey.fromStoreKey(e.key);
          if (closed(key.windowStart())) {
            closed.add(KeyValue.pair(key, e.value));
          } else {
            next = Math.min(next, closesAt(key.windowStart()));
          }
        }
      }
    }
    nextCloseAt = next;
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
