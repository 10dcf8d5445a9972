package io.logpipe.processor.topology;

import io.logpipe.schemas.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * First stage of the status count, inside each raw-partition task: counts curated events (the parse
 * step's {@link LogEvent}s; dead letters pass by) per window and status in a cached, changelogged
 * store (keys packed by {@link StatusCountKey#packed}) and, every flush interval of wall-clock
 * time, forwards the counts as {@link PartialCount}s keyed by status and clears them, then, when it
 * advanced, its progress (the highest event time counted on its raw partition) as a {@link
 * PartitionProgress} broadcast to every window counter task, so that no partial of a flush is
 * judged against a watermark its siblings moved. Repartitioning these partial counts instead of one
 * record per event cuts the repartition traffic from one record per event to one per window, status
 * and flush.
 *
 * <p>Exactly-once: the store's changelog, the forwarded partials and the input offsets commit in
 * one transaction, so a crash loses or repeats nothing. The store is cached so that its changelog
 * carries one record per key and commit rather than one per event (which doubled the records
 * produced), and keyed by a packed long rather than a string, so that counting an event allocates
 * little; an in-memory copy of its content spares the read before each write.
 */
final class PartialCounter implements Processor<String, SpecificRecord, Integer, CountMessage> {

  static final String STORE = "status-partial-counts";

  private final long sizeMs;
  private final Duration flushInterval;
  private ProcessorContext<Integer, CountMessage> context;
  private KeyValueStore<Long, Long> store;

  /** The store's content, so that counting an event writes the store but never reads it. */
  private final java.util.Map<Long, Long> counts = new java.util.HashMap<>();

  /** The raw partition this task reads (its sub-topology's only source is the raw topic). */
  private int rawPartition;

  private long streamTime = Long.MIN_VALUE;

  /** The progress last sent downstream. */
  private long reported = Long.MIN_VALUE;

  PartialCounter(Duration windowSize, Duration flushInterval) {
    this.sizeMs = windowSize.toMillis();
    this.flushInterval = flushInterval;
  }

  @Override
  public void init(ProcessorContext<Integer, CountMessage> context) {
    this.context = context;
    this.rawPartition = context.taskId().partition();
    // Not kept across restarts: the window counter keeps the highest progress of every partition.
    this.streamTime = Long.MIN_VALUE;
    this.reported = Long.MIN_VALUE;
    this.store = context.getStateStore(STORE);
    counts.clear();
    try (KeyValueIterator<Long, Long> it =
        store.all()) { // restored state after a restart or rebalance
      it.forEachRemaining(e -> counts.put(e.key, e.value));
    }
    context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (!(record.value() instanceof LogEvent event)) {
      return; // a dead letter: not counted
    }
    long ts = record.timestamp();
    streamTime = Math.max(streamTime, ts);
    long key = StatusCountKey.packed(ts - Math.floorMod(ts, sizeMs), event.getStatus());
    Long n = counts.get(key);
    long next = n == null ? 1L : n + 1;
    store.put(key, next); // the store first: the copy never runs ahead of it
    counts.put(key, next);
  }

  private void flush() {
    List<KeyValue<Long, Long>> entries = new ArrayList<>();
    try (KeyValueIterator<Long, Long> it = store.all()) {
      it.forEachRemaining(entries::add);
    }
    for (KeyValue<Long, Long> e : entries) {
      StatusCountKey key = StatusCountKey.unpack(e.key);
      // Timestamp inside the window, so that downstream time semantics stay event time.
      context.forward(
          new Record<>(
              key.status(), new PartialCount(key.windowStart(), e.value), key.windowStart()));
      store.delete(e.key);
      counts.remove(e.key);
    }
    // Then this task's progress, after the counts (same producer, same partitions: they arrive
    // first); none yet when the partials are counts restored after a restart and no event has
    // arrived since. Keyed by the raw partition; CountPartitioner sends it to every partition.
    if (streamTime > reported) {
      context.forward(
          new Record<>(rawPartition, new PartitionProgress(rawPartition, streamTime), streamTime));
      reported = streamTime;
    }
  }
}
