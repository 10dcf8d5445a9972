package io.logpipe.sink.consumer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.commit.BatchCommitter;
import io.logpipe.sink.commit.CommitManifest;
import io.logpipe.sink.commit.FencedException;
import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.commit.QuarantinedRecord;
import io.logpipe.sink.fs.FsErrors;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.fs.SinkStorageException;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.partition.HourPartition;
import io.logpipe.sink.partition.HourPartitioner;
import io.logpipe.sink.recovery.LakeRecovery;
import io.logpipe.sink.recovery.RecoveryPlan;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.writer.ParquetWriterFactory;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's polling thread: reads {@code LogEvent}s, routes them to per-partition batches of hourly Parquet
 * writers, commits batches to the lake when a rotation rule fires (also on idle partitions), recovers each
 * partition from the lake when it is assigned, writes {@code _SUCCESS} markers as the watermark passes hours, and
 * commits Kafka offsets after the lake (for monitoring only: the lake is the source of truth). Every decision is
 * taken on this thread, which checks each record and reads its event time without decoding the rest
 * ({@link io.logpipe.sink.row.RowCodec}); worker lanes only encode the rows the polls accepted ({@link StagedRows})
 * while this thread polls and checks the next records (up to {@value #MAX_ROWS_IN_FLIGHT} rows ahead), and the
 * loop waits for them before it closes or drops a writer.
 */
public final class SinkLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration HOUSEKEEPING = Duration.ofMillis(500);
  private static final Duration PROGRESS = Duration.ofSeconds(10);
  private static final long FIRST_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final int CLOSE_THREADS = 8;
  /**
   * Rows the loop may hand to the worker lanes before it waits for the oldest: ten polls of 2,000, so one slow
   * fetch or one slow poll does not leave a lane idle, while the rows held stay a few MiB.
   */
  private static final long MAX_ROWS_IN_FLIGHT = 20_000;

  private final SinkConfig config;
  private final FileSystem fs;
  private final Consumer<byte[], byte[]> consumer;
  private final SinkMetrics metrics;
  private final LakeLayout layout;
  private final HourLookup hours;
  private final ParquetWriterFactory writers;
  private final BatchCommitter committer;
  private final LakeRecovery recovery;
  private final FsRetry retry;
  private final RotationPolicy rotation;
  private final WatermarkTracker watermarks;
  private final List<ExecutorService> lanes; // one thread each; none when config.workerThreads() is 0
  private final ExecutorService closers;
  private final RecordDecoder decoder;
  private final StagedRows staged;
  private final Map<TopicPartition, PartitionState> states = new HashMap<>();
  private final TreeSet<HourPartition> pendingHours = new TreeSet<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private RuntimeException fatal;
  private Instant lastHousekeeping = Instant.EPOCH;
  private Instant lastProgress = Instant.EPOCH;

  public SinkLoop(SinkConfig config, FileSystem fs, Consumer<byte[], byte[]> consumer, SinkMetrics metrics) {
    this.config = config;
    this.fs = fs;
    this.consumer = consumer;
    this.metrics = metrics;
    this.layout = new LakeLayout(config.lake());
    this.hours = new HourLookup(new HourPartitioner(config.zone()));
    this.writers = new ParquetWriterFactory(fs, config.codec(), config.rowGroupBytes());
    this.retry = new FsRetry(config.maxRetryTime());
    List<ExecutorService> lanes = new ArrayList<>();
    WorkerThreads workerThreads = new WorkerThreads("worker");
    for (int i = 0; i < config.workerThreads(); i++) {
      lanes.add(Executors.newSingleThreadExecutor(workerThreads));
    }
    this.lanes = List.copyOf(lanes);
    // Closing files mostly waits on the file system, so it gets its own threads, not the worker lanes.
    this.closers = Executors.newFixedThreadPool(Math.min(CLOSE_THREADS, config.maxOpenWriters()),
        new WorkerThreads("close"));
    this.committer = new BatchCommitter(fs, layout, retry, config.codec().fileTag(), closers);
    this.recovery = new LakeRecovery(fs, layout, committer, retry);
    this.rotation = new RotationPolicy(config.rotateRecords(), config.rotateBytes(), config.rotateAge());
    this.watermarks = new WatermarkTracker(config.idleTimeout());
    this.decoder = new RecordDecoder();
    this.staged = new StagedRows(this.lanes, metrics::rowsWritten);
  }

  /** Asks the loop to publish what it holds and stop; returns at once. */
  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      seedPendingHours();
      consumer.subscribe(List.of(config.topic()), new Listener());
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          break;
        }
        throwIfFatal();
        // Noted before any partition is handled: handling one partition can rewind another (a commit to make
        // room for a writer that fails or is fenced), and that one's records in this poll are then stale.
        for (PartitionState s : states.values()) {
          s.rewindsAtPoll = s.rewinds;
        }
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
        for (TopicPartition tp : records.partitions()) {
          all.addAll(records.records(tp));
        }
        // Polling, decoding and routing this poll's records overlap the earlier polls' writes. Routing only
        // stages rows and counts them into batches; whatever closes or drops a writer (commits, aborts) settles
        // the writes in flight first.
        RecordDecoder.Decoded[] decoded = decoder.decode(all);
        Instant polledAt = now();
        int at = 0;
        for (TopicPartition tp : records.partitions()) {
          List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
          handle(tp, part, decoded, at, polledAt);
          at += part.size();
        }
        handleWriteFailures(staged.reap(), List.of()); // finished writes counted, failed partitions rewound
        afterPoll(now());
        staged.start();
        handleWriteFailures(staged.awaitBelow(MAX_ROWS_IN_FLIGHT), List.of());
      }
      publishAll();
    } catch (RuntimeException | Error e) {
      // Stopping on an error: discard what is not committed (recovery re-reads it), so that closing the
      // consumer (which revokes the partitions) does not try to publish after a failure.
      abortAll();
      throw e;
    } finally {
      closeConsumer();
    }
  }

  private void handle(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records,
      RecordDecoder.Decoded[] decoded, int first, Instant now) {
    PartitionState st = states.get(tp);
    if (st == null) {
      return;
    }
    for (int i = 0; i < records.size(); i++) {
      if (st.rewinds != st.rewindsAtPoll || states.get(tp) != st) {
        return; // rewound (failure, fencing) or revoked: the rest of this poll's records are read again later
      }
      ConsumerRecord<byte[], byte[]> rec = records.get(i);
      try {
        append(st, rec, decoded[first + i], now);
      } catch (IOException | RuntimeException e) {
        if (e instanceof SinkStorageException sse) {
          throw sse;
        }
        writeFailed(st, e, now);
      }
    }
  }

  private void append(PartitionState st, ConsumerRecord<byte[], byte[]> rec, RecordDecoder.Decoded decoded,
      Instant now) throws IOException {
    EncodedRow row = decoded.row();
    String reason = decoded.failure();
    if (st.batch == null) {
      st.batch = new PartitionBatch(st.tp.topic(), st.tp.partition(), Math.max(0, st.committed), now);
    }
    if (row == null) {
      log.warn("Quarantining undecodable record {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), reason);
      st.batch.quarantine(new QuarantinedRecord(rec.offset(), rec.value(), reason));
      metrics.quarantined();
      st.readUpTo(rec.offset());
      return;
    }
    HourPartition hour = hours.of(row);
    if (st.batch.needsWriterFor(hour)) {
      int rewinds = st.rewinds;
      makeRoomForWriter(now);
      if (st.rewinds != rewinds) {
        return; // committing to make room failed or was fenced: this partition was rewound
      }
      if (st.batch == null) { // committed to make room
        st.batch = new PartitionBatch(st.tp.topic(), st.tp.partition(), Math.max(0, st.committed), now);
      }
    }
    if (!pendingHours.contains(hour) && hourMarkedComplete(hour)) {
      // Later than the allowed lateness: still written (never dropped), as a new file in its hour.
      metrics.lateAfterSuccess();
    } else {
      pendingHours.add(hour);
    }
    staged.add(st.tp, st.batch.accept(row, rec.offset(), hour, writers, layout, now), row, rec.offset());
    watermarks.record(st.tp.partition(), row.ts(), now);
    st.readUpTo(rec.offset());
  }

  private final java.util.Set<HourPartition> completedHours = new java.util.HashSet<>();

  private boolean hourMarkedComplete(HourPartition hour) throws IOException {
    if (completedHours.contains(hour)) {
      return true;
    }
    if (fs.exists(layout.successMarker(hour))) {
      completedHours.add(hour);
      return true;
    }
    return false;
  }

  /**
   * Waits for every row handed to the worker lanes; a partition whose rows failed is rewound (except those in
   * {@code leaving}, which are being revoked or lost). Called before anything closes, aborts or drops a writer.
   */
  private void settleWrites(Collection<TopicPartition> leaving) {
    handleWriteFailures(staged.settle(), leaving);
  }

  /** Rewinds each partition whose writes failed, or discards its batch if it is {@code leaving}. */
  private void handleWriteFailures(Map<TopicPartition, Exception> failures, Collection<TopicPartition> leaving) {
    if (failures.isEmpty()) {
      return; // the usual case, twice per poll
    }
    // Handling one failure settles the rest, which may rewind a partition further down this map already.
    Map<TopicPartition, Integer> rewindsBefore = new HashMap<>();
    for (TopicPartition tp : failures.keySet()) {
      PartitionState st = states.get(tp);
      if (st != null) {
        rewindsBefore.put(tp, st.rewinds);
      }
    }
    for (Map.Entry<TopicPartition, Exception> failed : failures.entrySet()) {
      PartitionState st = states.get(failed.getKey());
      Integer before = rewindsBefore.get(failed.getKey());
      if (st != null && before != null && before != st.rewinds) {
        alsoFailed(st, failed.getValue());
      } else if (st != null && !leaving.contains(failed.getKey())) {
        writeFailed(st, failed.getValue(), now());
      } else if (st != null && st.batch != null) {
        // Leaving with a failed write: nothing of it may be published; the next owner reads it again.
        log.warn("Writing {} failed while it is being revoked ({}); discarding its {} uncommitted rows",
            st.tp, failed.getValue().toString(), st.batch.records());
        staged.discard(st.tp);
        st.batch.abort(fs);
        st.batch = null;
      }
    }
  }

  /** Commits the batch holding the oldest writer while the cap on open writers is reached. */
  private void makeRoomForWriter(Instant now) {
    while (openWriters() >= config.maxOpenWriters()) {
      PartitionState oldest = null;
      for (PartitionState s : states.values()) {
        if (s.batch != null && s.batch.openWriters() > 0
            && (oldest == null || s.batch.openedAt().isBefore(oldest.batch.openedAt()))) {
          oldest = s;
        }
      }
      if (oldest == null) {
        return;
      }
      log.debug("Writer cap {} reached: committing {} early", config.maxOpenWriters(), oldest.tp);
      commit(oldest, false);
    }
  }

  private int openWriters() {
    int n = 0;
    for (PartitionState s : states.values()) {
      if (s.batch != null) {
        n += s.batch.openWriters();
      }
    }
    return n;
  }

  private void afterPoll(Instant now) {
    for (PartitionState st : new ArrayList<>(states.values())) {
      String why = rotation.dueReason(st.batch, now);
      if (why != null) {
        log.debug("Rotating {} ({})", st.tp, why);
        commit(st, false);
      }
      if (st.pausedUntil != null && !now.isBefore(st.pausedUntil)) {
        st.pausedUntil = null;
        consumer.resume(List.of(st.tp));
      }
    }
    metrics.openWriters(openWriters());
    if (Duration.between(lastHousekeeping, now).compareTo(HOUSEKEEPING) >= 0) {
      lastHousekeeping = now;
      completeHours(now);
      long lag = 0;
      for (TopicPartition tp : states.keySet()) {
        lag += consumer.currentLag(tp).orElse(0);
      }
      metrics.lag(lag);
    }
    if (Duration.between(lastProgress, now).compareTo(PROGRESS) >= 0) {
      lastProgress = now;
      log.info("Progress: {} rows written, {} rows / {} files committed, {} open writers, lag {}, partitions {}",
          metrics.rowsWritten(), metrics.rowsCommitted(), metrics.filesCommitted(), metrics.openWriters(),
          metrics.lag(), states.keySet());
    }
  }

  /**
   * Commits a partition's batch to the lake, then (as a convenience) its Kafka offset.
   *
   * @return whether the batch is now in the lake
   */
  private boolean commit(PartitionState st, boolean syncOffsets) {
    settleWrites(List.of());
    PartitionBatch batch = st.batch;
    if (batch == null || batch.isEmpty()) {
      st.batch = null;
      return true;
    }
    st.batch = null;
    long t0 = System.nanoTime();
    CommitManifest manifest;
    try {
      staged.writeNow(st.tp);
      manifest = committer.prepare(batch);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SinkStorageException sse) {
        batch.abort(fs);
        throw sse;
      }
      batch.abort(fs);
      writeFailed(st, e, now());
      st.holdUntilReadAgain(batch.hours(), batch.to());
      return false;
    } catch (Error e) {
      batch.abort(fs); // the loop stops; its writers must not stay open (abortAll no longer sees this batch)
      throw e;
    }
    try {
      committer.claim(manifest);
    } catch (FencedException e) {
      log.warn("{}: discarding {} rows and recovering", e.getMessage(), batch.records());
      metrics.fenced();
      batch.abort(fs);
      recoverAndSeek(st);
      st.holdUntilReadAgain(batch.hours(), batch.to());
      return false;
    }
    // Past the commit point: publishing is idempotent and retried; if it cannot finish, recovery will.
    committer.publish(manifest);
    batch.writers().forEach(w -> w.markPublished());
    committer.dropOlderManifests(manifest);
    st.committed = manifest.to();
    st.failures = 0;
    st.failingSince = null;
    metrics.committed(manifest.rows(), manifest.files().size(), Duration.ofNanos(System.nanoTime() - t0));
    Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(st.tp, new OffsetAndMetadata(manifest.to()));
    try {
      if (syncOffsets) {
        consumer.commitSync(offsets);
      } else {
        consumer.commitAsync(offsets, (o, e) -> {
          if (e != null) {
            log.debug("Kafka offset commit failed (informational only): {}", e.toString());
          }
        });
      }
    } catch (RuntimeException e) {
      log.debug("Kafka offset commit failed (informational only): {}", e.toString());
    }
    return true;
  }

  /** A batch could not be written: drop it, rewind the partition to the lake's offset and back off. */
  private void writeFailed(PartitionState st, Exception e, Instant now) {
    if (staged.inFlight()) {
      int rewinds = st.rewinds;
      settleWrites(List.of()); // the batch's writers may still be in use by tasks in flight
      if (st.rewinds != rewinds) {
        alsoFailed(st, e); // one of those tasks failed too: settling has already dropped the batch and rewound
        return;
      }
    }
    staged.discard(st.tp);
    PartitionBatch discarded = st.batch;
    if (discarded != null) {
      discarded.abort(fs);
      st.batch = null;
    }
    if (FsErrors.isPermanent(e)) {
      throw new SinkStorageException("Cannot write to the lake " + config.lake() + ": " + e.getMessage()
          + " (permanent error: fix permissions/quota/space, then restart)", e);
    }
    if (st.failingSince == null) {
      st.failingSince = now;
    }
    if (Duration.between(st.failingSince, now).compareTo(config.maxRetryTime()) > 0) {
      throw new SinkStorageException("Writing to the lake " + config.lake() + " kept failing for "
          + config.maxRetryTime().toSeconds() + " s: " + e.getMessage(), e);
    }
    long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(st.failures, 10));
    st.failures++;
    log.warn("Writing {} failed ({}); rewinding to offset {} and retrying in {} ms", st.tp, e.toString(),
        st.committed < 0 ? "beginning" : st.committed, backoff);
    seek(st);
    if (discarded != null) {
      st.holdUntilReadAgain(discarded.hours(), discarded.to());
    }
    consumer.pause(List.of(st.tp));
    st.pausedUntil = now.plusMillis(backoff);
  }

  /**
   * {@code e} is a second failure of a partition already rewound for another one: nothing more to drop, but it
   * still decides whether the sink can go on.
   */
  private void alsoFailed(PartitionState st, Exception e) {
    log.warn("Writing {} also failed: {}", st.tp, e.toString());
    if (FsErrors.isPermanent(e)) {
      throw new SinkStorageException("Cannot write to the lake " + config.lake() + ": " + e.getMessage()
          + " (permanent error: fix permissions/quota/space, then restart)", e);
    }
  }

  private void recoverAndSeek(PartitionState st) {
    RecoveryPlan plan = recovery.recover(st.tp.topic(), st.tp.partition());
    st.committed = plan.resumeOffset();
    seek(st);
  }

  private void seek(PartitionState st) {
    st.rewinds++;
    if (st.committed >= 0) {
      consumer.seek(st.tp, st.committed);
    } else {
      consumer.seekToBeginning(List.of(st.tp));
    }
  }

  /** Writes {@code _SUCCESS} into every hour the watermark has passed by the allowed lateness. */
  private void completeHours(Instant now) {
    var wm = watermarks.watermark(now);
    if (wm.isEmpty() || pendingHours.isEmpty()) {
      return;
    }
    java.util.Set<HourPartition> open = new java.util.HashSet<>();
    for (PartitionState s : states.values()) {
      if (s.batch != null) {
        open.addAll(s.batch.hours());
      }
      open.addAll(s.heldHours()); // read, thrown away, not read again yet
    }
    for (HourPartition hour : new ArrayList<>(pendingHours)) {
      if (hour.end(config.zone()).plus(config.allowedLateness()).isAfter(wm.get())) {
        break; // sorted: later hours are not due either
      }
      if (open.contains(hour)) {
        continue;
      }
      Path marker = layout.successMarker(hour);
      retry.call("write " + marker, () -> {
        if (!fs.exists(marker)) {
          fs.mkdirs(marker.getParent());
          fs.create(marker, true).close();
        }
        return null;
      });
      pendingHours.remove(hour);
      completedHours.add(hour);
      metrics.hourCompleted();
      log.info("{} complete (watermark {}): wrote {}", hour, wm.get(), marker);
    }
  }

  /** Hours in the lake without {@code _SUCCESS} (e.g. left by a crash) are candidates for completion. */
  private void seedPendingHours() {
    retry.call("list the hours of " + layout.curated(), () -> {
      if (!fs.exists(layout.curated())) {
        return null;
      }
      for (FileStatus day : fs.listStatus(layout.curated())) {
        if (!day.isDirectory() || !day.getPath().getName().startsWith("dt=")) {
          continue;
        }
        for (FileStatus hourDir : fs.listStatus(day.getPath())) {
          if (!hourDir.isDirectory() || !hourDir.getPath().getName().startsWith("hour=")) {
            continue;
          }
          HourPartition hour = HourPartition.parseDir(hourDir.getPath().toString());
          if (fs.exists(layout.successMarker(hour))) {
            completedHours.add(hour);
          } else {
            pendingHours.add(hour);
          }
        }
      }
      return null;
    });
  }

  private void publishAll() {
    for (PartitionState st : new ArrayList<>(states.values())) {
      commit(st, true);
    }
  }

  private void abortAll() {
    staged.clear();
    for (PartitionState st : states.values()) {
      if (st.batch != null) {
        st.batch.abort(fs);
        st.batch = null;
      }
    }
  }

  private void closeConsumer() {
    try {
      try {
        // Leave the group even as a static member (whose default is to stay until its session expires): a sink
        // that stops hands its partitions to the others at once. A killed one never gets here: it stays a member,
        // so its restart takes the same partitions back without a rebalance.
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      } catch (RuntimeException e) {
        log.warn("Closing the Kafka consumer failed: {}", e.toString());
      }
      staged.clear(); // first: no task may still write into a file the aborts below delete
      for (PartitionState st : states.values()) {
        if (st.batch != null) {
          st.batch.abort(fs);
        }
      }
      states.clear();
      metrics.assignedPartitions(0);
    } finally {
      // Before the caller closes the file system: no task may still be writing or closing a file.
      lanes.forEach(SinkLoop::stopPool);
      stopPool(closers);
    }
  }

  private static void stopPool(ExecutorService pool) {
    if (pool == null) {
      return;
    }
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        log.warn("Sink worker threads still running 10 s after stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void throwIfFatal() {
    if (fatal != null) {
      throw fatal;
    }
  }

  private Instant now() {
    return config.clock().instant();
  }

  /** Recovers partitions on assignment; publishes (revoke) or discards (loss) their batches. */
  private final class Listener implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      try {
        for (TopicPartition tp : partitions) {
          RecoveryPlan plan = recovery.recover(tp.topic(), tp.partition());
          PartitionState st = new PartitionState(tp, plan.resumeOffset());
          states.put(tp, st);
          seek(st);
          Instant committedMax = plan.maxEventMicros() < 0 ? null
              : Instant.EPOCH.plusNanos(plan.maxEventMicros() * 1_000L);
          watermarks.assigned(tp.partition(), committedMax, now());
          metrics.assignedPartitions(states.size());
          log.info("Assigned {}: resuming at offset {}", tp, plan.resumeOffset() < 0 ? "beginning" : plan.resumeOffset());
        }
      } catch (RuntimeException e) {
        fatal = e;
        throw e;
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        settleWrites(partitions);
        for (TopicPartition tp : partitions) {
          PartitionState st = states.get(tp);
          if (st != null && st.batch != null) {
            commit(st, true);
          }
          states.remove(tp);
          metrics.assignedPartitions(states.size());
          watermarks.revoked(tp.partition());
          log.info("Revoked {}", tp);
        }
      } catch (RuntimeException e) {
        fatal = e;
        throw e;
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      try {
        settleWrites(partitions);
        for (TopicPartition tp : partitions) {
          PartitionState st = states.remove(tp);
          metrics.assignedPartitions(states.size());
          staged.discard(tp);
          if (st != null && st.batch != null) {
            log.warn("Lost {} without a clean revoke: discarding its {} uncommitted rows (they will be re-read)",
                tp, st.batch.records());
            st.batch.abort(fs);
          }
          watermarks.revoked(tp.partition());
        }
      } catch (RuntimeException | Error e) {
        fatal = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        throw e;
      }
    }
  }

  /** Daemon threads named after the sink, so a thread dump says whose they are. */
  private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
    private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    private final String role;

    WorkerThreads(String role) {
      this.role = role;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "logpipe-hdfs-sink-" + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
