package io.logpipe.sink.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LateTrace;
import io.logpipe.lake.PartFileName;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.commit.BatchCommitter;
import io.logpipe.sink.commit.CommitManifest;
import io.logpipe.sink.commit.FencedException;
import io.logpipe.sink.commit.PartitionBatch;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.fs.SinkStorageException;
import io.logpipe.sink.lake.LakeInspector;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.partition.HourPartitioner;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.writer.ParquetWriterFactory;
import io.logpipe.sink.writer.WriterState;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commit protocol and recovery against a real (local) Hadoop FileSystem. */
class LakeRecoveryTest {

  private static final Predicate<HourPartition> NONE_MARKED = hour -> false;

  private final Configuration conf = new Configuration();
  private FileSystem fs;
  private LakeLayout layout;
  private BatchCommitter committer;
  private LakeRecovery recovery;
  private java.net.URI lake;

  @BeforeEach
  void setUp() throws Exception {
    Path dir = Files.createTempDirectory("lake-");
    lake = dir.toUri();
    fs = FileSystem.newInstance(lake, conf);
    layout = new LakeLayout(lake);
    FsRetry retry = new FsRetry(Duration.ofSeconds(2));
    committer = new BatchCommitter(fs, layout, retry, "snappy", closers);
    recovery = new LakeRecovery(fs, layout, committer, retry);
  }

  private PartitionBatch batch(long from, int records) throws Exception {
    ParquetWriterFactory factory = new ParquetWriterFactory(conf, SinkConfig.Codec.SNAPPY, 1 << 20);
    HourPartitioner hp = new HourPartitioner(java.time.ZoneOffset.UTC);
    PartitionBatch b = new PartitionBatch("logs_curated", 0, from, Instant.now());
    Random rnd = new Random(from);
    for (int i = 0; i < records; i++) {
      Instant ts = Instant.parse("2025-06-01T10:00:00Z").plusSeconds(i * 37L % 7200);
      EncodedRow row = Events.row(Events.event(ts, "logs_raw", 0, from + i, rnd));
      b.accept(row, from + i, hp.partitionOf(ts), factory, layout, Instant.now())
          .write(row, from + i);
    }
    return b;
  }

  private final java.util.concurrent.ExecutorService closers =
      java.util.concurrent.Executors.newFixedThreadPool(4);

  @AfterEach
  void stopClosers() {
    closers.shutdownNow();
  }

  private BatchCommitter parallelCommitter() {
    return new BatchCommitter(fs, layout, new FsRetry(Duration.ofSeconds(2)), "snappy", closers);
  }

  @Test
  void writersClosedInParallelCommitTheSameFiles() throws Exception {
    BatchCommitter parallel = parallelCommitter();
    PartitionBatch b = batch(0, 500);
    CommitManifest m = parallel.prepare(b, NONE_MARKED);
    assertThat(b.writers()).allSatisfy(w -> assertThat(w.state()).isEqualTo(WriterState.CLOSED));
    assertThat(m.files()).hasSize(2);
    assertThat(m.files().stream().mapToLong(CommitManifest.CommitFile::rows).sum()).isEqualTo(500);
    parallel.claim(m);
    parallel.publish(m);
    try (LakeInspector lakeView = LakeInspector.open(lake, conf)) {
      assertThat(lakeView.countCommittedRows()).isEqualTo(500);
    }
  }

  @Test
  void aFailingParallelCloseFailsThePrepareAfterTheOthersFinished() throws Exception {
    PartitionBatch b = batch(0, 500);
    b.writers().iterator().next().close(); // closing it again fails
    assertThatThrownBy(() -> parallelCommitter().prepare(b, NONE_MARKED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("close on a CLOSED writer");
    assertThat(b.writers()).allSatisfy(w -> assertThat(w.state()).isEqualTo(WriterState.CLOSED));
  }

  @Test
  void commitPublishesAllFilesAndRecoveryResumesAfterIt() throws Exception {
    PartitionBatch b = batch(0, 500);
    CommitManifest m = committer.prepare(b, NONE_MARKED);
    committer.claim(m);
    committer.publish(m);
    assertThat(m.files()).hasSize(2); // two event-time hours
    try (LakeInspector lakeView = LakeInspector.open(lake, conf)) {
      assertThat(lakeView.countCommittedRows()).isEqualTo(500);
    }
    assertThat(recovery.recover("logs_curated", 0).resumeOffset()).isEqualTo(500);
  }

  @Test
  void crashAfterClaimIsRolledForward() throws Exception {
    PartitionBatch b = batch(0, 300);
    CommitManifest m = committer.prepare(b, NONE_MARKED);
    committer.claim(m); // "crash" before publish
    try (LakeInspector lakeView = LakeInspector.open(lake, conf)) {
      assertThat(lakeView.countCommittedRows()).isZero();
      RecoveryPlan plan = recovery.recover("logs_curated", 0);
      assertThat(plan.rollForward()).hasSize(2);
      assertThat(plan.resumeOffset()).isEqualTo(300);
      assertThat(lakeView.countCommittedRows()).isEqualTo(300);
    }
  }

  @Test
  void filesIntoAMarkedHourGetALateTracePublishedAfterThemAlsoByRecovery() throws Exception {
    // batch(…) spans 10:00 and 11:00 of 2025-06-01; hour 10 already has _SUCCESS.
    HourPartition ten = new HourPartition(java.time.LocalDate.of(2025, 6, 1), 10);
    PartitionBatch b = batch(0, 300);
    CommitManifest m = committer.prepare(b, ten::equals);
    assertThat(m.files()).hasSize(3);
    CommitManifest.CommitFile trace = m.files().get(2);
    assertThat(trace.target()).startsWith("dt=2025-06-01/hour=10/" + LateTrace.PREFIX);
    assertThat(trace.rows()).isZero();
    CommitManifest.CommitFile traced =
        m.files().stream()
            .filter(f -> f.target().startsWith("dt=2025-06-01/hour=10/part-"))
            .findFirst()
            .orElseThrow();
    PartFileName file =
        PartFileName.parse(traced.target().substring(traced.target().lastIndexOf('/') + 1));
    assertThat(trace.target()).endsWith("/" + LateTrace.of(file).name());

    committer.claim(m); // "crash" before publish: recovery publishes the trace with the file
    assertThat(recovery.recover("logs_curated", 0).rollForward()).hasSize(3);
    org.apache.hadoop.fs.Path published = committer.absolute(trace.target());
    try (var in = fs.open(published)) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(LateTrace.content(file, traced.rows()));
    }
    try (LakeInspector lakeView = LakeInspector.open(lake, conf)) {
      assertThat(lakeView.countCommittedRows()).isEqualTo(300);
      assertThat(lakeView.unexpectedEntries()).as("a trace is no stray entry").isEmpty();
    }
    assertThat(fs.listStatus(committer.absolute("dt=2025-06-01/hour=11")))
        .extracting(st -> st.getPath().getName())
        .noneMatch(LateTrace::isTrace);
  }

  @Test
  void crashBeforeClaimIsDiscardedAndCorruptTempFilesDoNotBlock() throws Exception {
    committer.publish(claimAndReturn(batch(0, 100)));
    PartitionBatch b = batch(100, 200);
    committer.prepare(b, NONE_MARKED); // files closed, no manifest: the commit never happened
    org.apache.hadoop.fs.Path tmp = layout.tempDir("logs_curated", 0);
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(tmp, "truncated-0.parquet"))) {
      out.write(new byte[] {'P', 'A', 'R', '1', 0, 1, 2});
    }
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(tmp, "x.commit.tmp"))) {
      out.write("{\"version\":1,\"commi".getBytes());
    }
    RecoveryPlan plan = recovery.recover("logs_curated", 0);
    assertThat(plan.resumeOffset()).isEqualTo(100);
    assertThat(plan.discardTemps()).hasSize(b.openWriters() + 2);
    assertThat(fs.listStatus(tmp)).isEmpty();
    try (LakeInspector lakeView = LakeInspector.open(lake, conf)) {
      assertThat(lakeView.countCommittedRows()).isEqualTo(100);
    }
  }

  @Test
  void secondClaimOfTheSameOffsetIsFenced() throws Exception {
    CommitManifest winner = claimAndReturn(batch(0, 50));
    CommitManifest loser = committer.prepare(batch(0, 60), NONE_MARKED);
    assertThatThrownBy(() -> committer.claim(loser)).isInstanceOf(FencedException.class);
    committer.claim(winner); // repeating our own claim is harmless
  }

  @Test
  void missingCommittedFileStopsRecoveryLoudly() throws Exception {
    CommitManifest m = claimAndReturn(batch(0, 10));
    fs.delete(committer.absolute(m.files().get(0).temp()), false);
    assertThatThrownBy(() -> recovery.recover("logs_curated", 0))
        .isInstanceOf(SinkStorageException.class)
        .hasMessageContaining("missing");
  }

  private CommitManifest claimAndReturn(PartitionBatch b) throws Exception {
    CommitManifest m = committer.prepare(b, NONE_MARKED);
    committer.claim(m);
    return m;
  }
}
