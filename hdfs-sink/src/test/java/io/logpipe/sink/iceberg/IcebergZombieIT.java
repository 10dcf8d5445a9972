package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.sink.support.Traffic;
import io.logpipe.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zombie: a sink instance whose polling thread stalls inside a commit (held at the catalog's
 * swap) past {@code max.poll.interval.ms}, so that the group gives its partitions to a second
 * instance, which resumes from the table's offsets and commits them. When the zombie's commit then
 * reaches the catalog it loses the swap, Iceberg rebuilds it on the newer table and the offset
 * guard refuses it: its batches are dropped and the table holds every event once.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class IcebergZombieIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String TOPIC = "ice_zombie";
  private static final String GROUP = "ice-zombie";
  private static final int STALLED_APPEND = 3;

  @TempDir Path tmp;

  @Test
  void aZombieCommittingAfterTheNewOwnerIsFencedByTheTableOffsets(EmbeddedKafka kafka)
      throws Exception {
    long started = System.nanoTime();
    kafka.createTopic(TOPIC, 3);
    URI lake = tmp.resolve("lake").toUri();
    Configuration conf = new Configuration();
    SinkConfig.Builder base =
        InProcessSink.config(kafka, lake, TOPIC, GROUP)
            .rotateRecords(2_000)
            .rotateAge(Duration.ofMillis(500))
            .allowedLateness(Duration.ofMinutes(1));
    // the zombie's consumer leaves the group 3 s into the stall
    SinkConfig zombieConfig =
        base.consumerProperties(Map.of("max.poll.interval.ms", "3000")).build();
    SinkConfig ownerConfig = base.consumerProperties(Map.of()).build();

    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> stalledFiles = new CopyOnWriteArrayList<>();
    Map<String, String> stalledSummary = new HashMap<>();
    InterceptedCommits stall =
        new InterceptedCommits(
            (n, before, metadata, catalog) -> {
              if (n == STALLED_APPEND) {
                Snapshot s = metadata.currentSnapshot();
                s.addedDataFiles(catalog.io()).forEach(f -> stalledFiles.add(f.location()));
                synchronized (stalledSummary) {
                  stalledSummary.putAll(s.summary());
                }
                stalled.countDown();
                try {
                  if (!release.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never released the zombie");
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              }
              catalog.commit(before, metadata);
            });
    SimpleMeterRegistry zombieMeters = new SimpleMeterRegistry();
    List<String> produced;
    try (Traffic traffic = Traffic.start(kafka, TOPIC, 3, 1_000_000, 0.05);
        RunningSink zombie =
            IcebergSink.start(
                zombieConfig, IcebergTarget.hadoop(), conf, zombieMeters, stall::wrap)) {
      Await.until(DEADLINE, "the zombie stalls in its commit", () -> stalled.getCount() == 0);
      assertThat(zombie.failure()).isEmpty();
      Table table = TableLineage.table(lake, conf);
      try (RunningSink owner =
          IcebergSink.start(ownerConfig, IcebergTarget.hadoop(), conf, null, t -> t)) {
        Await.until(
            DEADLINE,
            "the new owner holds every partition and committed past the zombie's batches",
            () -> {
              assertThat(owner.failure()).isEmpty();
              if (owner.counters().assignedPartitions() < 3) {
                return false;
              }
              for (int p = 0; p < 3; p++) {
                String end = stalledSummary.get(TableOffsets.key(GROUP, TOPIC, p));
                if (end != null && stored(table, p) <= Long.parseLong(end)) {
                  return false;
                }
              }
              return true;
            });
        release.countDown();
        Await.until(
            DEADLINE,
            "the zombie's commit refused by the offset guard",
            () -> {
              assertThat(zombie.failure()).isEmpty();
              return fencedBatches(zombieMeters) > 0;
            });
        // both instances go on sharing the partitions
        Await.until(
            DEADLINE,
            "the zombie back in the group",
            () -> {
              assertThat(zombie.failure()).isEmpty();
              assertThat(owner.failure()).isEmpty();
              return zombie.counters().assignedPartitions() > 0
                  && owner.counters().assignedPartitions() < 3;
            });
        traffic.stop();
        produced = new ArrayList<>(traffic.produced());
        Await.until(
            DEADLINE,
            produced.size() + " rows in the table",
            () -> TableLineage.committedRows(lake, conf) >= produced.size());
      }
      assertThat(zombie.failure()).isEmpty();
    }
    Table table = TableLineage.table(lake, conf);
    TableLineage.assertExactlyOnce(produced, table);
    // the stalled commit is nowhere in the table, its files deleted
    String commitId = stalledSummary.get(TableOffsets.COMMIT_ID);
    assertThat(commitId).isNotNull();
    TableMetadata metadata = ((HasTableOperations) table).operations().refresh();
    assertThat(TableOffsets.hasCommit(metadata, commitId)).isFalse();
    assertThat(stalledFiles).isNotEmpty().noneMatch(f -> table.io().newInputFile(f).exists());
    assertOffsetsNeverGoBack(metadata);
    System.out.printf(
        "zombie: %d events, %d ms%n",
        produced.size(), Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private static long stored(Table table, int partition) {
    return TableOffsets.committed(
            ((HasTableOperations) table).operations().refresh(),
            TableOffsets.key(GROUP, TOPIC, partition))
        .orElse(-1);
  }

  private static double fencedBatches(SimpleMeterRegistry registry) {
    var c = registry.find("logpipe.sink.batches.fenced").functionCounter();
    return c == null ? 0 : c.count();
  }

  /** Along the main history, oldest first, no partition's offset ever decreases. */
  private static void assertOffsetsNeverGoBack(TableMetadata metadata) {
    List<Snapshot> history = new ArrayList<>();
    for (Snapshot s = metadata.currentSnapshot();
        s != null;
        s = s.parentId() == null ? null : metadata.snapshot(s.parentId())) {
      history.add(0, s);
    }
    Map<String, Long> last = new HashMap<>();
    for (Snapshot s : history) {
      for (Map.Entry<String, String> e : s.summary().entrySet()) {
        if (e.getKey().startsWith(TableOffsets.PREFIX)) {
          long v = Long.parseLong(e.getValue());
          Long before = last.put(e.getKey(), v);
          assertThat(before == null || v >= before)
              .as("%s goes from %s to %s in snapshot %s", e.getKey(), before, v, s.snapshotId())
              .isTrue();
        }
      }
    }
  }
}
