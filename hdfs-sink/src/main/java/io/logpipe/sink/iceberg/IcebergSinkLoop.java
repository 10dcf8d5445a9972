package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.consumer.RotationPolicy;
import io.logpipe.sink.consumer.WatermarkTracker;
import io.logpipe.sink.metrics.SinkMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg mode's polling thread: rows go to one {@link PartitionBatch} per Kafka partition;
 * when a rotation rule fires every open batch is committed as one snapshot ({@link
 * TableCommitter}); on every assignment each partition resumes from the offset the table's
 * snapshots carry; Kafka offsets are committed after the table, for lag monitoring only. A failed
 * commit drops its batches and re-reads their partitions from the table's offsets, after a backoff,
 * until {@code maxRetryTime} of consecutive failures. The polling thread decodes each poll's rows
 * while the previous poll's are written on {@link RowWrites}' thread; it waits for those before it
 * looks at a batch, and drops the decoded rows of a partition that a commit moved back (they come
 * again from the new position).
 */
final class IcebergSinkLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(IcebergSinkLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration REWRITES_CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final SinkConfig config;
  private final Table table;
  private final Consumer<byte[], byte[]> consumer;
  private final SinkMetrics metrics;
  private final TableCommitter committer;
  private final HourMarks marks;
  private final HourRewrites rewrites;
  private final LogEventRows rows;
  private final WatermarkTracker watermark;
  private final PartitionStates partitions;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final RotationPolicy rotation;
  private final RowWrites writes = new RowWrites();
  private final CommitInFlight commits;
  private final CommitRetries retries;
  private final KafkaPositions positions;

  /**
   * When this instance's newest snapshot landed (at first: when it started; after an assignment of
   * partitions with offsets in the table: long ago, whose snapshot may be of any age).
   */
  private Instant lastSnapshot;

  /**
   * @param rewriteTable the same table through other table operations, for the rewrites of
   *     completed hours on their own thread
   */
  IcebergSinkLoop(
      SinkConfig config,
      Table table,
      Table rewriteTable,
      Consumer<byte[], byte[]> consumer,
      SinkMetrics metrics) {
    this.config = config;
    this.table = table;
    this.consumer = consumer;
    this.metrics = metrics;
    SerialCommits serial = new SerialCommits();
    this.committer = new TableCommitter(table, config.groupId(), config.topic(), serial);
    this.commits = new CommitInFlight(committer);
    this.marks = new HourMarks(table, config.zone(), config.allowedLateness(), metrics, serial);
    this.rewrites =
        new HourRewrites(
            new HourRewrite(new DataFileWriters(rewriteTable, config.rowGroupBytes()), serial),
            REWRITES_CLOSE_TIMEOUT);
    this.rows = new LogEventRows(config.zone(), metrics);
    this.watermark = new WatermarkTracker(config.idleTimeout());
    this.rotation = RotationPolicy.of(config);
    this.retries = new CommitRetries(config.maxRetryTime());
    this.positions = new KafkaPositions(consumer, config.topic());
    this.partitions =
        new PartitionStates(
            new DataFileWriters(table, config.rowGroupBytes()), config.topic(), commits, positions);
  }

  void stop() {
    running.set(false);
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      lastSnapshot = config.clock().instant();
      rewrites.submitUncompacted(marks.seed());
      consumer.subscribe(List.of(config.topic()), new Listener());
      while (running.get()) {
        Iterable<ConsumerRecord<byte[], byte[]>> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          break;
        }
        Instant now = config.clock().instant();
        // decoded while the writer thread still writes the previous poll's rows
        List<RowWrites.Row> polled = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> rec : records) {
          polled.add(rows.decode(rec));
        }
        writes.await();
        partitions.polled();
        commits.poll().ifPresent(this::settle);
        if (due(now) && retries.allowed(now)) {
          commits.await().ifPresent(this::settle); // one commit in flight at a time
          if (retries.allowed(now)) {
            startCommit(partitions.withBatches());
          }
        } else if (!commits.busy()
            && !now.isBefore(lastSnapshot.plus(config.offsetRefresh()))
            && retries.allowed(now)) {
          refreshOffsets(now); // a failed one is tried again after the backoff
        }
        markHours(now);
        if (partitions.anyRepositioned()) {
          // a failed or fenced commit moved these partitions back: their rows come again
          polled.removeIf(r -> partitions.repositioned(r.partition()));
        }
        write(polled, now);
      }
      writes.await();
      commit(partitions.withBatches());
    } catch (RuntimeException | Error e) {
      writes.awaitQuietly();
      try {
        commits.await(); // its files are the committer's to clean up
      } catch (RuntimeException | Error ignored) {
        // failing with e already
      }
      partitions.discard(partitions.withBatches());
      throw e;
    } finally {
      writes.close();
      commits.close();
      close();
      rewrites.close(); // after leaving the group: the partitions move on meanwhile
    }
  }

  /** Marks the hours that are due; a failed mark is tried again after the next poll. */
  private void markHours(Instant now) {
    if (!marks.hasPending()) {
      return;
    }
    List<HourPartition> marked;
    try {
      Optional<Instant> wm = watermark.watermark(now, this::caughtUp);
      if (marks.due(wm, partitions.heldHours()).isEmpty()) {
        return;
      }
      // no wait for the commit in flight (it stalled ingest): its hours are held, so not due
      marked = marks.markDue(wm, partitions.heldHours());
    } catch (RuntimeException e) {
      log.warn("Marking complete hours in the table failed, trying again: {}", e.toString());
      return;
    }
    rewrites.submit(marked); // off this thread: ingest goes on meanwhile
  }

  /** Hands a poll's rows to the writer thread, into the batch of each one's partition. */
  private void write(List<RowWrites.Row> polled, Instant now) {
    List<RowWrites.Write> out = new ArrayList<>(polled.size());
    int rowCount = 0;
    for (RowWrites.Row r : polled) {
      out.add(new RowWrites.Write(partitions.batch(r.partition(), now), r));
      if (r.quarantined() == null) { // a quarantined record is no row and has no event time
        watermark.record(r.partition(), r.eventTime(), now);
        rowCount++;
      }
    }
    writes.submit(out, now);
    metrics.rowsWritten(rowCount);
  }

  /** Whether a batch is due by the file mode's rules (quiet: caught up and no row for a while). */
  private boolean due(Instant now) {
    int files = 0;
    boolean due = false;
    for (PartitionBatch b : partitions.open()) {
      files += b.openFiles();
      due =
          due
              || rotation.dueReason(b, now) != null
              || (rotation.quiet(b, now) && caughtUp(b.partition()));
    }
    metrics.openWriters(files);
    return due || files > config.maxOpenWriters();
  }

  private boolean caughtUp(int partition) {
    return positions.caughtUp(partition);
  }

  /** Commits the batches of partitions {@code ps} and settles the outcome before returning. */
  private void commit(Collection<Integer> ps) {
    commits.await().ifPresent(this::settle);
    startCommit(ps);
    commits.await().ifPresent(this::settle);
  }

  /** Seals the batches of partitions {@code ps} and starts their commit as one snapshot. */
  private void startCommit(Collection<Integer> ps) {
    List<PartitionBatch> sealed = partitions.seal(ps);
    if (!sealed.isEmpty()) {
      commits.start(sealed, partitions.carried(sealed));
    }
  }

  /**
   * Commits a snapshot without rows that repeats the offsets of the partitions this instance holds:
   * they get none, so its newest snapshot would age, and an expiry of older snapshots (a user's
   * maintenance) would lose their offsets. {@link #lastSnapshot} moves when it lands.
   */
  private void refreshOffsets(Instant now) {
    Map<Integer, Long> held = partitions.carried(List.of());
    if (held.isEmpty()) {
      lastSnapshot = now; // nothing to repeat
      return;
    }
    log.info("Repeating the offsets of {} partitions in a snapshot without rows", held.size());
    commits.start(List.of(), held);
  }

  /**
   * Applies a finished commit: the table's offsets, then the Kafka offsets. The batches written
   * meanwhile of a partition the commit failed or was fenced for are dropped (written after offsets
   * the table does not have) and the partition is re-read from the table.
   */
  private void settle(CommitInFlight.Result done) {
    List<PartitionBatch> list = done.batches();
    long started = done.startedNanos();
    TableCommitter.Outcome outcome = done.outcome();
    if (done.failure() != null) {
      // the committer deleted or (outcome unknown) kept the files; the offset guard makes the
      // re-read safe either way
      retries.failed(done.failure(), config.clock().instant());
      List<Integer> ps = list.stream().map(PartitionBatch::partition).toList();
      partitions.discard(ps);
      rewind(ps);
      return;
    }
    retries.succeeded();
    lastSnapshot = config.clock().instant();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    long rowCount = 0;
    Instant maxEvent = null;
    for (PartitionBatch b : list) {
      Long end = outcome.committed().get(b.partition());
      if (end == null) {
        continue;
      }
      partitions.committed(b.partition(), end);
      offsets.put(new TopicPartition(config.topic(), b.partition()), new OffsetAndMetadata(end));
      rowCount += b.records();
      marks.committed(b.rowsPerHour());
      if (b.maxEvent() != null && (maxEvent == null || b.maxEvent().isAfter(maxEvent))) {
        maxEvent = b.maxEvent();
      }
    }
    if (!offsets.isEmpty()) {
      metrics.committed(
          rowCount,
          outcome.files(),
          Duration.ofNanos(System.nanoTime() - started),
          maxEvent == null // only quarantined records
              ? -1
              : maxEvent.getEpochSecond() * 1_000_000 + maxEvent.getNano() / 1000);
      positions.commitKafkaOffsets(offsets);
    }
    Set<Integer> batched = new HashSet<>();
    list.forEach(b -> batched.add(b.partition()));
    for (Map.Entry<Integer, OptionalLong> f : outcome.fenced().entrySet()) {
      OptionalLong held = partitions.committed(f.getKey());
      if (f.getValue().isEmpty() && held.isPresent()) {
        // not another instance: the snapshots that carried it are gone (expired, or the table was
        // replaced); reading the partition from its beginning would write its rows twice
        throw new IllegalStateException(
            "partition "
                + f.getKey()
                + " of "
                + config.topic()
                + " is committed up to offset "
                + held.getAsLong()
                + " by this sink, but no snapshot of the table carries its offset any more"
                + " (snapshots expired too early, or the table was replaced): stopping rather than"
                + " reading it again from its beginning");
      }
      if (batched.contains(f.getKey())) {
        metrics.fenced(); // a carried partition that moved dropped no batch
      }
      partitions.discard(List.of(f.getKey()));
      partitions.resume(f.getKey(), f.getValue());
    }
  }

  /** Re-reads partitions {@code ps} from the table's offsets (after a failed commit). */
  private void rewind(List<Integer> ps) {
    Map<Integer, OptionalLong> stored;
    try {
      stored = committer.stored(ps);
    } catch (RuntimeException e) {
      stored = new HashMap<>();
      for (Integer p : ps) {
        stored.put(p, partitions.committed(p));
      }
    }
    stored.forEach(partitions::resume);
  }

  private void close() {
    positions.close();
    metrics.assignedPartitions(0);
    metrics.openWriters(0);
  }

  /** Recovery from the table on every assignment; what a partition leaving holds is settled. */
  private final class Listener implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      writes.await();
      commits.await().ifPresent(IcebergSinkLoop.this::settle);
      if (assigned.isEmpty()) {
        return;
      }
      Map<Integer, OptionalLong> offsets =
          committer.stored(assigned.stream().map(TopicPartition::partition).toList());
      Instant now = config.clock().instant();
      for (TopicPartition tp : assigned) {
        OptionalLong stored = offsets.get(tp.partition());
        partitions.resume(tp.partition(), stored);
        if (stored.isPresent()) {
          lastSnapshot = Instant.EPOCH; // repeat it in a snapshot of this instance's soon
        }
        watermark.assigned(tp.partition(), null, now);
        log.info(
            "{} resumes at {} (from the table)",
            tp,
            stored.isPresent() ? stored.getAsLong() : "its beginning");
      }
      metrics.assignedPartitions(positions.assigned());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      writes.await();
      List<Integer> ps = revoked.stream().map(TopicPartition::partition).toList();
      commit(ps);
      forget(ps);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      writes.awaitQuietly(); // the partitions' batches are dropped either way
      commits.await().ifPresent(IcebergSinkLoop.this::settle);
      List<Integer> ps = lost.stream().map(TopicPartition::partition).toList();
      partitions.discard(ps);
      forget(ps);
    }

    private void forget(List<Integer> ps) {
      for (Integer p : ps) {
        partitions.forget(p);
        watermark.revoked(p);
      }
      metrics.assignedPartitions(Math.max(0, positions.assigned() - ps.size()));
    }
  }
}
