package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import io.logpipe.sink.writer.ParquetWriterFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged rows written in parallel keep each writer's order, failures stay with their partition, and
 * rows handed to the workers are settled before anything else uses their writers.
 */
class StagedRowsTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final Instant T = Instant.parse("2025-12-24T06:00:00Z");

  private final Configuration conf = new Configuration();
  private final ParquetWriterFactory factory =
      new ParquetWriterFactory(conf, SinkConfig.Codec.SNAPPY, 1 << 20);

  /** Three worker lanes, one thread each, as the sink makes them. */
  private final List<ExecutorService> lanes =
      List.of(
          Executors.newSingleThreadExecutor(),
          Executors.newSingleThreadExecutor(),
          Executors.newSingleThreadExecutor());

  /** Released at the end of each test: the only thread of {@link #blockedWorker()} waits for it. */
  private final java.util.concurrent.CountDownLatch release =
      new java.util.concurrent.CountDownLatch(1);

  private final ExecutorService one = Executors.newSingleThreadExecutor();
  private final Random rnd = new Random(7);
  private final java.util.concurrent.atomic.AtomicLong written =
      new java.util.concurrent.atomic.AtomicLong();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    release.countDown();
    lanes.forEach(ExecutorService::shutdownNow);
    one.shutdownNow();
  }

  /** One lane whose thread waits for {@link #release}: tasks handed to it queue until then. */
  private List<ExecutorService> blockedWorker() {
    one.submit(
        () -> {
          release.await();
          return null;
        });
    return List.of(one);
  }

  private ParquetPartitionWriter open(String name, int hour) throws Exception {
    return factory.open(
        new HourPartition(LocalDate.of(2025, 12, 24), hour),
        new org.apache.hadoop.fs.Path(dir.resolve(name).toUri().toString()),
        T);
  }

  private List<Long> stage(
      StagedRows staged, TopicPartition tp, ParquetPartitionWriter w, long from, int n) {
    List<Long> offsets = new ArrayList<>();
    for (long o = from; o < from + n; o++) {
      LogEvent e = Events.event(T.plusSeconds(o), "raw", tp.partition(), o, rnd);
      staged.add(tp, w, Events.row(e), o);
      offsets.add(o);
    }
    return offsets;
  }

  /** Closes each writer and checks that its file holds exactly its offsets, in order. */
  private void assertFilesHold(Map<ParquetPartitionWriter, List<Long>> expected) throws Exception {
    for (Map.Entry<ParquetPartitionWriter, List<Long>> e : expected.entrySet()) {
      e.getKey().close();
      assertThat(rawOffsets(e.getKey()))
          .as("rows of %s", e.getKey().tempFile())
          .containsExactlyElementsOf(e.getValue());
    }
  }

  private List<Long> rawOffsets(ParquetPartitionWriter w) throws Exception {
    List<Long> out = new ArrayList<>();
    try (ParquetReader<LogEvent> r =
        AvroParquetReader.<LogEvent>builder(HadoopInputFile.fromPath(w.tempFile(), conf)).build()) {
      for (LogEvent e = r.read(); e != null; e = r.read()) {
        out.add(e.getRawOffset());
      }
    }
    return out;
  }

  @Test
  void everyWriterGetsItsRowsInOffsetOrderWhenWrittenInParallel() throws Exception {
    StagedRows staged = new StagedRows(lanes, written::addAndGet);
    ParquetPartitionWriter a = open("a.parquet", 6);
    ParquetPartitionWriter b = open("b.parquet", 7);
    ParquetPartitionWriter c = open("c.parquet", 6);
    // Interleaved as a poll would deliver them: two hours of partition 0, one of partition 1.
    List<Long> toA = new ArrayList<>();
    List<Long> toB = new ArrayList<>();
    List<Long> toC = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      toA.addAll(stage(staged, P0, a, round * 300L, 100));
      toB.addAll(stage(staged, P0, b, round * 300L + 100, 100));
      toC.addAll(stage(staged, P1, c, round * 300L, 150));
    }

    assertThat(writeAll(staged)).isEmpty();
    assertThat(writeAll(staged)).as("nothing staged twice").isEmpty();
    assertThat(written.get()).isEqualTo(toA.size() + toB.size() + toC.size());
    assertFilesHold(Map.of(a, toA, b, toB, c, toC));
  }

  @Test
  void aFailingWriterFailsOnlyItsPartition() throws Exception {
    StagedRows staged = new StagedRows(lanes, written::addAndGet);
    ParquetPartitionWriter broken = open("broken.parquet", 6);
    broken.close(); // a closed writer refuses rows
    ParquetPartitionWriter fine = open("fine.parquet", 6);
    stage(staged, P0, broken, 0, 10);
    List<Long> expected = stage(staged, P1, fine, 0, 10);

    Map<TopicPartition, Exception> failures = writeAll(staged);

    assertThat(failures).containsOnlyKeys(P0);
    assertThat(failures.get(P0)).isInstanceOf(IllegalStateException.class);
    assertThat(written.get())
        .as("only the rows that reached a file count as written")
        .isEqualTo(expected.size());
    fine.close();
    assertThat(rawOffsets(fine)).containsExactlyElementsOf(expected);
  }

  @Test
  void writeNowWritesOnePartitionAndDiscardDropsAnother() throws Exception {
    StagedRows staged =
        new StagedRows(List.of(), written::addAndGet); // no lanes: everything on the caller
    ParquetPartitionWriter p0 = open("p0.parquet", 6);
    ParquetPartitionWriter p1 = open("p1.parquet", 6);
    List<Long> expected = stage(staged, P0, p0, 0, 25);
    stage(staged, P1, p1, 0, 25);

    staged.writeNow(P0);
    assertThat(p0.rows()).isEqualTo(25);
    assertThat(p1.rows()).as("other partitions stay staged").isZero();

    staged.discard(P1);
    assertThat(writeAll(staged)).isEmpty();
    assertThat(p1.rows()).isZero();
    assertThat(written.get()).isEqualTo(25);
    p0.close();
    assertThat(rawOffsets(p0)).containsExactlyElementsOf(expected);
  }

  @Test
  void writeNowRethrowsTheWritersFailure() throws Exception {
    StagedRows staged = new StagedRows(lanes, written::addAndGet);
    ParquetPartitionWriter broken = open("broken.parquet", 6);
    broken.close();
    stage(staged, P0, broken, 0, 3);

    assertThatThrownBy(() -> staged.writeNow(P0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("write on a CLOSED writer");
    assertThat(writeAll(staged)).as("the failed rows are not staged any more").isEmpty();
    assertThat(written.get()).isZero();
  }

  @Test
  void startReturnsWhileRowsAreWrittenAndSettleWaitsForThem() throws Exception {
    StagedRows staged = new StagedRows(blockedWorker(), written::addAndGet);
    ParquetPartitionWriter w = open("w.parquet", 6);
    List<Long> first = stage(staged, P0, w, 0, 50);

    staged.start();

    assertThat(staged.inFlight()).isTrue();
    // The next poll's rows are staged (not written) while the previous ones are still in flight.
    List<Long> second = stage(staged, P0, w, 50, 30);
    assertThat(w.rows()).isZero();
    assertThat(written.get()).isZero();
    assertThat(staged.reap()).as("nothing has finished").isEmpty();
    assertThat(written.get()).isZero();

    release.countDown();
    assertThat(staged.settle()).isEmpty();
    assertThat(staged.inFlight()).isFalse();
    assertThat(w.rows()).isEqualTo(50);
    assertThat(written.get()).isEqualTo(50);

    assertThat(writeAll(staged)).isEmpty();
    assertThat(written.get()).isEqualTo(80);
    w.close();
    List<Long> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(rawOffsets(w)).containsExactlyElementsOf(all);
  }

  @Test
  void clearWaitsForRowsInFlightSoNoWriterIsInUseAfterwards() throws Exception {
    StagedRows staged = new StagedRows(blockedWorker(), written::addAndGet);
    ParquetPartitionWriter w = open("w.parquet", 6);
    stage(staged, P0, w, 0, 20);
    staged.start();
    assertThatThrownBy(() -> staged.discard(P0))
        .as("nothing is discarded under a running task")
        .isInstanceOf(IllegalStateException.class);
    Thread releaser =
        new Thread(
            () -> {
              // Lets the writes run only once clear() is (very likely) waiting; correctness does
              // not depend on it.
              java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
              release.countDown();
            });
    releaser.start();

    staged.clear();

    assertThat(staged.inFlight()).isFalse();
    assertThat(w.rows()).as("the rows in flight finished before clear() returned").isEqualTo(20);
    releaser.join();
  }

  /**
   * The loop hands over poll after poll without waiting: a writer's rows of later polls queue
   * behind its earlier ones on the same lane, so they reach the file in offset order; awaitBelow
   * bounds what is in flight.
   */
  @Test
  void rowsOfSeveralPollsInFlightAtOnceReachEachWriterInOrder() throws Exception {
    StagedRows staged = new StagedRows(lanes, written::addAndGet);
    ParquetPartitionWriter a = open("a.parquet", 6);
    ParquetPartitionWriter b = open("b.parquet", 7);
    List<Long> toA = new ArrayList<>();
    List<Long> toB = new ArrayList<>();
    for (int poll = 0; poll < 40; poll++) {
      toA.addAll(stage(staged, P0, a, poll * 100L, 60));
      toB.addAll(stage(staged, P1, b, poll * 100L, 40));
      staged.start();
      assertThat(staged.awaitBelow(300)).isEmpty();
      assertThat(staged.rowsInFlight()).isLessThanOrEqualTo(300);
    }
    assertThat(staged.settle()).isEmpty();
    assertThat(written.get()).isEqualTo(toA.size() + toB.size());
    assertFilesHold(Map.of(a, toA, b, toB));
  }

  @Test
  void reapCollectsFinishedTasksWithoutWaitingAndReportsTheirFailures() throws Exception {
    StagedRows staged = new StagedRows(lanes, written::addAndGet);
    ParquetPartitionWriter broken = open("broken.parquet", 6);
    broken.close();
    ParquetPartitionWriter fine = open("fine.parquet", 6);
    stage(staged, P0, broken, 0, 5);
    stage(staged, P1, fine, 0, 7);
    staged.start();

    Map<TopicPartition, Exception> failures = new java.util.HashMap<>();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (staged.inFlight()) {
      assertThat(System.nanoTime()).as("tasks finish").isLessThan(deadline);
      failures.putAll(staged.reap());
      Thread.onSpinWait();
    }
    assertThat(failures).containsOnlyKeys(P0);
    assertThat(written.get()).isEqualTo(7);
    assertThat(staged.rowsInFlight()).isZero();
  }

  @Test
  void theSizeEstimateIsNotedAfterEachTaskForTheLoopToRead() throws Exception {
    StagedRows staged = new StagedRows(lanes, written::addAndGet);
    ParquetPartitionWriter w = open("w.parquet", 6);
    assertThat(w.estimatedBytes()).isZero();
    stage(staged, P0, w, 0, 100);
    assertThat(writeAll(staged)).isEmpty();
    assertThat(w.estimatedBytes()).isPositive();
  }

  /**
   * A writer fails once: rows handed over behind the failing task (later polls, still queued on its
   * lane when the failure is collected) are skipped, neither written nor reported as a second
   * failure.
   */
  @Test
  void rowsQueuedForAWriterThatFailedAreSkippedNotReportedAgain() throws Exception {
    StagedRows staged = new StagedRows(lanes, written::addAndGet);
    ParquetPartitionWriter w = open("w.parquet", 6);
    stage(staged, P0, w, 0, 3);
    byte[] corrupt = new byte[io.logpipe.schemas.AvroSerde.HEADER_BYTES + 4];
    java.util.Arrays.fill(
        corrupt, io.logpipe.schemas.AvroSerde.HEADER_BYTES, corrupt.length, (byte) 0xFF);
    staged.add(P0, w, new io.logpipe.sink.row.EncodedRow(corrupt, 0L), 3);

    Map<TopicPartition, Exception> first = writeAll(staged);
    assertThat(first).containsOnlyKeys(P0);
    assertThat(w.state()).isEqualTo(io.logpipe.sink.writer.WriterState.FAILED);

    stage(staged, P0, w, 4, 5);
    assertThat(writeAll(staged)).as("no second failure for the same writer").isEmpty();
    assertThat(written.get()).isZero();
    assertThat(staged.rowsInFlight()).isZero();

    // Written on the caller (before a commit) the rows are refused, never skipped as if written.
    stage(staged, P0, w, 9, 2);
    assertThatThrownBy(() -> staged.writeNow(P0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("write on a FAILED writer");
    assertThat(written.get()).isZero();
  }

  /**
   * Writes every staged row, writers in parallel: what the loop does with a poll's rows, then
   * settling them.
   */
  private static Map<TopicPartition, Exception> writeAll(StagedRows staged) {
    staged.start();
    return staged.settle();
  }
}
