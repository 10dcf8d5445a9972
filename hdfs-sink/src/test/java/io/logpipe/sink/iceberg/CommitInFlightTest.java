package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.support.Lineage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit on its own thread while the next batch of the same partition is written, on a real
 * Hadoop-catalog table whose sink appends go through a test hook (held, or refused at the swap).
 */
class CommitInFlightTest {

  private static final String TOPIC = "logs_curated";
  private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  private static final Instant T0 = Instant.parse("2026-11-23T10:15:00Z");

  @TempDir Path dir;

  private final Random rnd = new Random(5);
  private final List<String> sent = new ArrayList<>();

  private Table open() {
    return LocalTables.hadoop(dir);
  }

  private PartitionBatch batch(Table table, OptionalLong committed, long from, int count) {
    PartitionBatch b = new PartitionBatch(table, TOPIC, 0, committed, Instant.now());
    for (long o = from; o < from + count; o++) {
      LogEvent e = Events.event(T0.plusSeconds(o * 60), "logs_raw", 0, o, rnd);
      b.write(o, HourPartition.of(e.getTs(), ZONE), Events.row(e), e.getTs(), Instant.now());
      sent.add(Lineage.key(e));
    }
    return b;
  }

  private static OptionalLong stored(Table t) {
    return TableOffsets.committed(
        ((HasTableOperations) t).operations().refresh(), TableOffsets.key("g", TOPIC, 0));
  }

  @Test
  void theNextBatchIsWrittenWhileTheCommitIsHeldAndContinuesFromItsEnd() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InterceptedCommits hook =
        new InterceptedCommits(
            (n, base, metadata, catalog) -> {
              held.countDown();
              try {
                release.await(1, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              catalog.commit(base, metadata);
            });
    Table table = hook.wrap(open());
    TableCommitter committer = new TableCommitter(table, "g", TOPIC);
    try (CommitInFlight commits = new CommitInFlight(committer)) {
      commits.start(List.of(batch(table, OptionalLong.empty(), 0, 100)), Map.of());
      assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();

      // in flight: nothing settled yet, the next batch continues from its end
      assertThat(commits.poll()).isEmpty();
      assertThat(commits.end(0)).hasValue(100);
      PartitionBatch next = batch(table, commits.end(0), 100, 50);
      release.countDown();
      CommitInFlight.Result done = commits.await().orElseThrow();

      assertThat(done.failure()).isNull();
      assertThat(done.outcome().committed()).containsEntry(0, 100L);
      assertThat(commits.sealed()).isEmpty();
      assertThat(committer.commit(List.of(next)).committed()).containsEntry(0, 150L);
    }
    assertThat(stored(open())).hasValue(150);
    TableLineage.assertExactlyOnce(sent, open());
  }

  @Test
  void aFailedCommitLeavesTheNextBatchWithAnOffsetTheTableRefuses() throws Exception {
    InterceptedCommits hook =
        new InterceptedCommits(
            (n, base, metadata, catalog) -> {
              if (n == 1) {
                throw new UncheckedIOException(new IOException("injected: refused at the swap"));
              }
              catalog.commit(base, metadata);
            });
    Table table = hook.wrap(open());
    TableCommitter committer = new TableCommitter(table, "g", TOPIC);
    PartitionBatch first = batch(table, OptionalLong.empty(), 0, 100);
    PartitionBatch next;
    CommitInFlight.Result done;
    try (CommitInFlight commits = new CommitInFlight(committer)) {
      commits.start(List.of(first), Map.of());
      next = batch(table, commits.end(0), 100, 50);
      done = commits.await().orElseThrow();
    }

    assertThat(done.failure()).hasMessageContaining("injected");
    // the loop drops such a batch; were it committed, the offset guard fences it
    TableCommitter.Outcome late = committer.commit(List.of(next));
    assertThat(late.committed()).isEmpty();
    assertThat(late.fenced()).containsEntry(0, OptionalLong.empty());
    try (var files = Files.walk(dir)) {
      // the failed commit's files and the fenced batch's are deleted
      assertThat(files.filter(f -> f.toString().endsWith(".parquet"))).isEmpty();
    }
    assertThat(stored(open())).isEmpty();
    assertThat(TableLineage.rows(open())).isEmpty();
  }
}
