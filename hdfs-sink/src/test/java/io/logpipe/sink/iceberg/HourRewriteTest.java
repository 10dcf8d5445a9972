package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.support.Lineage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A completed hour's files rewritten into one, on a real Hadoop-catalog table. */
class HourRewriteTest {

  private static final String TOPIC = "logs_curated";
  private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final HourPartition HOUR = new HourPartition(LocalDate.parse("2026-11-23"), 11);

  @TempDir Path dir;

  private final Random rnd = new Random(11);
  private final List<String> sent = new ArrayList<>();

  private Table open() {
    return LocalTables.hadoop(dir);
  }

  /** Rows of partition {@code p} at offsets {@code from...}, one a second: all in hour 11. */
  private void commit(Table table, int p, OptionalLong committed, long from, int count)
      throws IOException {
    PartitionBatch b = new PartitionBatch(table, TOPIC, p, committed, Instant.now());
    for (long o = from; o < from + count; o++) {
      LogEvent e = Events.event(T0.plusSeconds(o), "logs_raw", p, o, rnd);
      HourPartition h = HourPartition.of(e.getTs(), ZONE);
      b.write(o, h, Events.row(e), e.getTs(), Instant.now());
      sent.add(Lineage.key(e));
    }
    new TableCommitter(table, "g", TOPIC).commit(List.of(b));
  }

  private static int filesOf(Table table, HourPartition hour) {
    table.refresh();
    int n = 0;
    for (var t :
        table
            .newScan()
            .filter(
                Expressions.and(
                    Expressions.equal("dt", (int) hour.date().toEpochDay()),
                    Expressions.equal("hour", hour.hour())))
            .planFiles()) {
      n++;
    }
    return n;
  }

  @Test
  void theHoursFilesBecomeOneInOneSnapshotRowsAndOffsetsUnchanged() throws IOException {
    Table table = open();
    commit(table, 0, OptionalLong.empty(), 0, 100);
    commit(table, 1, OptionalLong.empty(), 0, 50);
    commit(table, 0, OptionalLong.of(100), 100, 70);
    assertThat(filesOf(table, HOUR)).isEqualTo(3);
    int snapshots = 0;
    for (var s : table.snapshots()) {
      snapshots++;
    }

    int replaced = new HourRewrite(table).rewrite(HOUR);

    assertThat(replaced).isEqualTo(3);
    Table fresh = open();
    assertThat(filesOf(fresh, HOUR)).isEqualTo(1);
    assertThat(fresh.currentSnapshot().operation()).isEqualTo(DataOperations.REPLACE);
    assertThat(fresh.snapshots()).hasSize(snapshots + 1);
    // the replace snapshot carries no offset: each partition's is still the newest along the
    // history
    assertThat(fresh.currentSnapshot().summary().keySet())
        .noneMatch(k -> k.startsWith(TableOffsets.PREFIX));
    var meta = ((HasTableOperations) fresh).operations().current();
    assertThat(TableOffsets.committed(meta, TableOffsets.key("g", TOPIC, 0))).hasValue(170);
    assertThat(TableOffsets.committed(meta, TableOffsets.key("g", TOPIC, 1))).hasValue(50);
    TableLineage.assertExactlyOnce(sent, fresh);
    // a second pass finds one file: nothing to do
    assertThat(new HourRewrite(fresh).rewrite(HOUR)).isZero();
  }

  @Test
  void hoursCompletedTogetherAreRewrittenInOneSnapshotEachIntoOneFile() throws IOException {
    HourPartition next = new HourPartition(HOUR.date(), HOUR.hour() + 1);
    HourPartition single = new HourPartition(HOUR.date(), HOUR.hour() + 2);
    Table table = open();
    commit(table, 0, OptionalLong.empty(), 0, 40); // hour 11, one second a row
    commit(table, 0, OptionalLong.of(40), 40, 40);
    commit(table, 1, OptionalLong.empty(), 3_600, 30); // hour 12
    commit(table, 1, OptionalLong.of(3_630), 3_630, 30);
    commit(table, 2, OptionalLong.empty(), 7_200, 30); // hour 13: one file, left alone
    assertThat(filesOf(table, HOUR)).isEqualTo(2);
    assertThat(filesOf(table, next)).isEqualTo(2);
    assertThat(filesOf(table, single)).isEqualTo(1);
    int snapshots = 0;
    for (var s : table.snapshots()) {
      snapshots++;
    }

    int replaced = new HourRewrite(table).rewrite(List.of(HOUR, next, single));

    assertThat(replaced).isEqualTo(4);
    Table fresh = open();
    assertThat(fresh.snapshots()).hasSize(snapshots + 1); // one replace for the two hours
    assertThat(fresh.currentSnapshot().operation()).isEqualTo(DataOperations.REPLACE);
    assertThat(fresh.currentSnapshot().summary())
        .containsEntry("deleted-data-files", "4")
        .containsEntry("added-data-files", "2");
    assertThat(filesOf(fresh, HOUR)).isEqualTo(1);
    assertThat(filesOf(fresh, next)).isEqualTo(1);
    assertThat(filesOf(fresh, single)).isEqualTo(1);
    TableLineage.assertExactlyOnce(sent, fresh);
  }

  @Test
  void aSinkCommitLandingDuringTheRewriteIsKeptAndTheRewriteRetriedOnTopOfIt() throws IOException {
    Table table = open();
    commit(table, 0, OptionalLong.empty(), 0, 30);
    commit(table, 0, OptionalLong.of(30), 30, 30);
    // a sink commit of partition 0 (60 -> 80, a new file in the same hour) lands right before the
    // rewrite's swap: the swap fails, Iceberg rebuilds the replace on the newer table, which keeps
    // the new file and the new offset
    Table other = open();
    AtomicBoolean raced = new AtomicBoolean();
    TableOperations real = ((HasTableOperations) table).operations();
    TableOperations racing =
        new TableOperations() {
          @Override
          public TableMetadata current() {
            return real.current();
          }

          @Override
          public TableMetadata refresh() {
            return real.refresh();
          }

          @Override
          public void commit(TableMetadata base, TableMetadata metadata) {
            if (raced.compareAndSet(false, true)) {
              try {
                HourRewriteTest.this.commit(other, 0, OptionalLong.of(60), 60, 20);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            real.commit(base, metadata);
          }

          @Override
          public FileIO io() {
            return real.io();
          }

          @Override
          public String metadataFileLocation(String fileName) {
            return real.metadataFileLocation(fileName);
          }

          @Override
          public LocationProvider locationProvider() {
            return real.locationProvider();
          }
        };

    int replaced = new HourRewrite(new BaseTable(racing, table.name())).rewrite(HOUR);

    assertThat(raced).isTrue();
    assertThat(replaced).isEqualTo(2);
    Table fresh = open();
    assertThat(filesOf(fresh, HOUR)).isEqualTo(2); // the merged file and the racing commit's
    assertThat(fresh.currentSnapshot().operation()).isEqualTo(DataOperations.REPLACE);
    assertThat(
            TableOffsets.committed(
                ((HasTableOperations) fresh).operations().current(),
                TableOffsets.key("g", TOPIC, 0)))
        .hasValue(80);
    TableLineage.assertExactlyOnce(sent, fresh);
  }

  @Test
  void rewritesRacingSinkCommitsOnAnotherThreadLoseAndDuplicateNothing() throws Exception {
    Table table = open();
    // contention far above the sink's (one rewrite per completed hour): let Iceberg retry longer
    table.updateProperties().set("commit.retry.num-retries", "50").commit();
    Table rewriteTable = open(); // its own table operations, as the sink's rewrite thread has
    HourRewrite rewrite = new HourRewrite(rewriteTable);
    int batches = 15;
    int rows = 20;
    AtomicBoolean ingestDone = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> ingest =
          pool.submit(
              () -> {
                OptionalLong committed = OptionalLong.empty();
                for (int i = 0; i < batches; i++) {
                  commit(table, 0, committed, (long) i * rows, rows);
                  committed = OptionalLong.of((long) (i + 1) * rows);
                }
                ingestDone.set(true);
                return null;
              });
      Future<Integer> rewritten =
          pool.submit(
              () -> {
                int replaced = 0;
                while (!ingestDone.get()) {
                  replaced += rewrite.rewrite(HOUR);
                }
                return replaced;
              });
      ingest.get(2, TimeUnit.MINUTES);
      assertThat(rewritten.get(2, TimeUnit.MINUTES)).isPositive();
    } finally {
      pool.shutdownNow();
    }
    rewrite.rewrite(HOUR);

    Table fresh = open();
    assertThat(filesOf(fresh, HOUR)).isEqualTo(1);
    TableLineage.assertExactlyOnce(sent, fresh);
    // along the history, oldest first, partition 0's offset only ever goes up, to the last end
    TableMetadata meta = ((HasTableOperations) fresh).operations().current();
    List<Snapshot> history = new ArrayList<>();
    for (Snapshot s = meta.currentSnapshot();
        s != null;
        s = s.parentId() == null ? null : meta.snapshot(s.parentId())) {
      history.add(0, s);
    }
    long last = -1;
    int replaces = 0;
    for (Snapshot s : history) {
      String v = s.summary().get(TableOffsets.key("g", TOPIC, 0));
      if (v != null) {
        assertThat(Long.parseLong(v)).isGreaterThan(last);
        last = Long.parseLong(v);
      }
      replaces += DataOperations.REPLACE.equals(s.operation()) ? 1 : 0;
    }
    assertThat(last).isEqualTo((long) batches * rows);
    assertThat(replaces).isGreaterThanOrEqualTo(2);
  }
}
