package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.commit.QuarantinedRecord;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.support.Lineage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits into a real Hadoop-catalog table on a local directory, by two "instances" (each its own
 * catalog and table object, as two processes would have): offsets in the summaries, a partition
 * committed by the other instance fenced, a race lost inside Iceberg's own retry checked again on
 * the newer state.
 */
class TableCommitterTest {

  private static final String TOPIC = "logs_curated";
  private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  private static final Instant T0 = Instant.parse("2026-11-23T10:15:00Z");

  @TempDir Path dir;

  private final Configuration conf = new Configuration();
  private final Random rnd = new Random(7);
  private final List<String> sent = new ArrayList<>();

  private Table open() {
    URI lake = dir.toUri();
    return TableCatalogs.loadOrCreate(
        TableCatalogs.open(lake, IcebergTarget.hadoop(), conf),
        IcebergTarget.hadoop().identifier(),
        "snappy");
  }

  /** A batch of {@code count} rows of partition {@code p} at offsets {@code from...}. */
  private PartitionBatch batch(Table table, int p, OptionalLong committed, long from, int count) {
    PartitionBatch b = new PartitionBatch(table, TOPIC, p, committed, Instant.now());
    for (long o = from; o < from + count; o++) {
      // two hours per batch, as the Paris clock says
      LogEvent e = Events.event(T0.plusSeconds(o * 60), "logs_raw", p, o, rnd);
      HourPartition h = HourPartition.of(e.getTs(), ZONE);
      b.write(o, h, Events.row(e), e.getTs(), Instant.now());
      sent.add(Lineage.key(e));
    }
    return b;
  }

  /** Partition 0's offsets 0-4 and partition 1's 0-2, as one commit of {@code table}'s. */
  private void commitFirstRows(Table table) throws IOException {
    new TableCommitter(table, "g", TOPIC)
        .commit(
            List.of(
                batch(table, 0, OptionalLong.empty(), 0, 5),
                batch(table, 1, OptionalLong.empty(), 0, 3)));
  }

  private static OptionalLong stored(Table t, int p) {
    return TableOffsets.committed(
        ((HasTableOperations) t).operations().refresh(), TableOffsets.key("g", TOPIC, p));
  }

  @Test
  void eachCommitCarriesTheEndOffsetOfEveryPartitionItCovers() throws IOException {
    Table table = open();
    TableCommitter committer = new TableCommitter(table, "g", TOPIC);
    var out =
        committer.commit(
            List.of(
                batch(table, 0, OptionalLong.empty(), 0, 90),
                batch(table, 1, OptionalLong.empty(), 0, 10)));
    assertThat(out.committed()).containsEntry(0, 90L).containsEntry(1, 10L);
    assertThat(out.fenced()).isEmpty();
    committer.commit(List.of(batch(table, 0, OptionalLong.of(90), 90, 5)));

    assertThat(stored(table, 0)).hasValue(95);
    assertThat(stored(table, 1)).hasValue(10); // from the older snapshot: this one did not cover it
    assertThat(stored(open(), 2)).isEmpty();
    assertThat(table.currentSnapshot().summary())
        .containsEntry(TableOffsets.key("g", TOPIC, 0), "95")
        .doesNotContainKey(TableOffsets.key("g", TOPIC, 1));
    // 90 minutes from 11:15 Paris time: hours 11 and 12 of partition 0, read back as written
    TableLineage.assertExactlyOnce(sent, table);
    assertThat(table.newScan().planFiles())
        .extracting(f -> f.file().partition().get(1, Integer.class))
        .contains(11, 12);
  }

  @Test
  void aJdbcCatalogsTableDeletesOldMetadataFilesAStaleHandleStillCommits() throws IOException {
    URI lake = dir.resolve("jdbc-lake").toUri();
    IcebergTarget jdbc =
        new IcebergTarget(
            "curated", URI.create("jdbc:sqlite:" + dir.resolve("catalog.db")), Map.of());
    Table a =
        TableCatalogs.loadOrCreate(
            TableCatalogs.open(lake, jdbc, conf), jdbc.identifier(), "snappy");
    Table stale =
        TableCatalogs.loadOrCreate(
            TableCatalogs.open(lake, jdbc, conf), jdbc.identifier(), "snappy");
    assertThat(a.properties())
        .containsEntry("write.metadata.delete-after-commit.enabled", "true")
        .containsEntry("write.metadata.previous-versions-max", "100");
    // fewer kept versions than commits below (100 would take as many commits to show)
    a.updateProperties().set("write.metadata.previous-versions-max", "2").commit();
    TableCommitter committer = new TableCommitter(a, "g", TOPIC);
    for (int i = 0; i < 6; i++) {
      OptionalLong from = i == 0 ? OptionalLong.empty() : OptionalLong.of(i * 10L);
      committer.commit(List.of(batch(a, 0, from, i * 10L, 10)));
    }
    try (var files = java.nio.file.Files.list(Path.of(URI.create(a.location() + "/metadata")))) {
      assertThat(files.filter(f -> f.toString().endsWith(".metadata.json")).count())
          .as("the current metadata file and the 2 before it")
          .isEqualTo(3);
    }
    // a handle that last saw a deleted file (the rewrite thread's, a quiet instance's) goes on
    var out =
        new TableCommitter(stale, "g", TOPIC)
            .commit(List.of(batch(stale, 1, OptionalLong.empty(), 0, 5)));
    assertThat(out.committed()).containsEntry(1, 5L);
    assertThat(stored(a, 0)).hasValue(60);
    TableLineage.assertExactlyOnce(sent, a);
  }

  @Test
  void aHadoopCatalogsTableKeepsItsMetadataFilesForHandlesThatFellBehind() {
    // its handles refresh from the version they last saw: deleting it would strand them
    assertThat(open().properties())
        .doesNotContainKeys(
            "write.metadata.delete-after-commit.enabled", "write.metadata.previous-versions-max");
  }

  @Test
  void quarantinedRecordsAreKeptUnderTheTableAndTheirOffsetsCommittedWithTheBatch()
      throws IOException {
    Table table = open();
    TableCommitter committer = new TableCommitter(table, "g", TOPIC);
    PartitionBatch b = batch(table, 0, OptionalLong.empty(), 0, 5);
    byte[] garbage = {1, 2, 3, (byte) 0xff};
    b.quarantine(new QuarantinedRecord(5, garbage, "not a LogEvent"), Instant.now());
    assertThat(committer.commit(List.of(b)).committed()).containsEntry(0, 6L);
    // a batch of a quarantined record alone still moves its partition's offset
    PartitionBatch alone = new PartitionBatch(table, TOPIC, 1, OptionalLong.empty(), Instant.now());
    alone.quarantine(new QuarantinedRecord(0, null, "a null value"), Instant.now());
    assertThat(alone.isEmpty()).isFalse();
    assertThat(committer.commit(List.of(alone)).committed()).containsEntry(1, 1L);

    assertThat(stored(table, 0)).hasValue(6);
    assertThat(stored(table, 1)).hasValue(1);
    TableLineage.assertExactlyOnce(sent, open()); // the five rows, no row for the garbage
    assertThat(TableLineage.quarantined(table, TOPIC, 0, 5)).isEqualTo(garbage);
    assertThat(TableLineage.quarantined(table, TOPIC, 1, 0)).isEmpty();
    assertThat(PartitionBatch.quarantineLocation(table, TOPIC, 0, 5))
        .startsWith(table.location() + "/_logpipe_sink/quarantine/" + TOPIC + "/0/");
  }

  @Test
  void aPartitionTheOtherInstanceCommittedMeanwhileIsFencedTheOthersAreCommitted()
      throws IOException {
    Table a = open();
    Table b = open();
    new TableCommitter(a, "g", TOPIC).commit(List.of(batch(a, 0, OptionalLong.empty(), 0, 20)));
    b.refresh();

    // both continue partition 0 from 20; a commits first
    new TableCommitter(a, "g", TOPIC).commit(List.of(batch(a, 0, OptionalLong.of(20), 20, 30)));
    int keysBefore = sent.size();
    PartitionBatch zombie = batch(b, 0, OptionalLong.of(20), 20, 25);
    List<String> zombieKeys = List.copyOf(sent.subList(keysBefore, sent.size()));
    sent.subList(keysBefore, sent.size()).clear();
    PartitionBatch other = batch(b, 1, OptionalLong.empty(), 0, 5);
    var out = new TableCommitter(b, "g", TOPIC).commit(List.of(zombie, other));

    assertThat(out.fenced()).containsOnlyKeys(0);
    assertThat(out.fenced().get(0)).hasValue(50);
    assertThat(out.committed()).containsOnlyKeys(1);
    assertThat(stored(a, 0)).hasValue(50);
    // the zombie's rows have the same lineage as a's offsets 20..44: once each, not twice
    List<String> tableRows = TableLineage.assertExactlyOnce(sent, a);
    assertThat(tableRows).containsAll(zombieKeys).hasSize(55);
  }

  @Test
  void aRaceLostInsideIcebergsRetryIsCheckedAgainOnTheNewerState() throws IOException {
    Table a = open();
    Table b = open();
    new TableCommitter(a, "g", TOPIC).commit(List.of(batch(a, 0, OptionalLong.empty(), 0, 10)));
    // b's swap happens after a commits partition 0 from the same offset: b's first attempt fails
    // Iceberg's compare-and-swap, its retry is built on a's snapshot and refused by the offsets.
    AtomicBoolean raced = new AtomicBoolean();
    TableOperations real = ((HasTableOperations) b).operations();
    TableOperations racing =
        new ForwardingOps(real) {
          @Override
          public void commit(TableMetadata base, TableMetadata metadata) {
            if (raced.compareAndSet(false, true)) {
              try {
                new TableCommitter(a, "g", TOPIC)
                    .commit(List.of(batch(a, 0, OptionalLong.of(10), 10, 7)));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
            super.commit(base, metadata);
          }
        };
    Table bRacing = new BaseTable(racing, b.name());
    int keysBefore = sent.size();
    PartitionBatch lost = batch(bRacing, 0, OptionalLong.of(10), 10, 7);
    // the racing commit above added a's 7 keys after these; drop only b's
    var out = new TableCommitter(bRacing, "g", TOPIC).commit(List.of(lost));
    sent.subList(keysBefore, keysBefore + 7).clear();

    assertThat(raced).isTrue();
    assertThat(out.committed()).isEmpty();
    assertThat(out.fenced()).containsEntry(0, OptionalLong.of(17));
    TableLineage.assertExactlyOnce(sent, a);
  }

  @Test
  void aCommitThatLandedButWhoseAnswerWasLostKeepsItsFiles() throws IOException {
    Table a = open();
    new TableCommitter(a, "g", TOPIC).commit(List.of(batch(a, 0, OptionalLong.empty(), 0, 10)));
    // the swap happens, then its answer is lost and the table cannot be asked either
    AtomicBoolean lost = new AtomicBoolean();
    TableOperations real = ((HasTableOperations) a).operations();
    TableOperations unknown =
        new ForwardingOps(real) {
          @Override
          public void commit(TableMetadata base, TableMetadata metadata) {
            super.commit(base, metadata);
            lost.set(true);
            throw new CommitStateUnknownException(new RuntimeException("connection reset"));
          }

          @Override
          public TableMetadata refresh() {
            if (lost.get()) {
              throw new IllegalStateException("catalog unreachable");
            }
            return super.refresh();
          }
        };
    Table aUnknown = new BaseTable(unknown, a.name());
    PartitionBatch landed = batch(aUnknown, 0, OptionalLong.of(10), 10, 8);

    assertThatThrownBy(() -> new TableCommitter(aUnknown, "g", TOPIC).commit(List.of(landed)))
        .isInstanceOf(CommitOutcomeUnknownException.class);

    Table fresh = open();
    assertThat(stored(fresh, 0)).hasValue(18);
    for (FileScanTask t : fresh.newScan().planFiles()) {
      assertThat(fresh.io().newInputFile(t.file().location()).exists())
          .as("referenced file %s", t.file().location())
          .isTrue();
    }
    TableLineage.assertExactlyOnce(sent, fresh);
  }

  @Test
  void theOffsetsOfSeveralPartitionsCostOneRefresh() throws IOException {
    Table a = open();
    new TableCommitter(a, "g", TOPIC)
        .commit(
            List.of(
                batch(a, 0, OptionalLong.empty(), 0, 4), batch(a, 1, OptionalLong.empty(), 0, 6)));
    AtomicInteger refreshes = new AtomicInteger();
    Table counted =
        new BaseTable(
            new ForwardingOps(((HasTableOperations) a).operations()) {
              @Override
              public TableMetadata refresh() {
                refreshes.incrementAndGet();
                return super.refresh();
              }
            },
            a.name());

    var stored = new TableCommitter(counted, "g", TOPIC).stored(List.of(0, 1, 2));

    assertThat(stored)
        .containsEntry(0, OptionalLong.of(4))
        .containsEntry(1, OptionalLong.of(6))
        .containsEntry(2, OptionalLong.empty());
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void carriedOffsetsOfQuietPartitionsSurviveSnapshotExpiry() throws IOException {
    Table table = open();
    TableCommitter committer = new TableCommitter(table, "g", TOPIC);
    committer.commit(
        List.of(
            batch(table, 0, OptionalLong.empty(), 0, 5),
            batch(table, 1, OptionalLong.empty(), 0, 3)));
    // partition 1 stays quiet; partition 0's commits repeat its offset
    committer.commit(List.of(batch(table, 0, OptionalLong.of(5), 5, 4)), Map.of(1, 3L));
    TableLineage.expireAllButCurrent(table);

    Table fresh = open();
    assertThat(fresh.snapshots()).hasSize(1);
    assertThat(stored(fresh, 0)).hasValue(9);
    assertThat(stored(fresh, 1)).hasValue(3);
    TableLineage.assertExactlyOnce(sent, fresh);
  }

  @Test
  void aCommitWithoutRowsRepeatsTheHeldOffsetsSoAnExpiryKeepsThemAndFencesOneThatMoved()
      throws IOException {
    Table a = open();
    Table b = open();
    commitFirstRows(a);
    // the other instance took partition 1 meanwhile and committed it further
    b.refresh();
    new TableCommitter(b, "g", TOPIC).commit(List.of(batch(b, 1, OptionalLong.of(3), 3, 2)));

    // a's partitions got no rows: a snapshot of offsets alone, partition 1's refused
    var out = new TableCommitter(a, "g", TOPIC).commit(List.of(), Map.of(0, 5L, 1, 3L));
    assertThat(out.committed()).isEmpty();
    assertThat(out.fenced()).containsOnlyKeys(1);
    assertThat(out.fenced().get(1)).hasValue(5);
    a.refresh();
    assertThat(a.currentSnapshot().summary())
        .containsEntry(TableOffsets.key("g", TOPIC, 0), "5")
        .doesNotContainKey(TableOffsets.key("g", TOPIC, 1));
    assertThat(a.currentSnapshot().addedDataFiles(a.io())).isEmpty();
    // every snapshot before it expired: partition 0's offset is still read
    TableLineage.expireAllButCurrent(a);
    Table fresh = open();
    assertThat(fresh.snapshots()).hasSize(1);
    assertThat(stored(fresh, 0)).hasValue(5);
  }

  @Test
  void aCarriedPartitionTheOtherInstanceMovedIsFencedNotRewoundInTheTable() throws IOException {
    Table a = open();
    Table b = open();
    commitFirstRows(a);
    // partition 1 moved to another instance, which commits it on; b still believes it holds 1 at 3
    new TableCommitter(a, "g", TOPIC).commit(List.of(batch(a, 1, OptionalLong.of(3), 3, 4)));
    b.refresh();
    var out =
        new TableCommitter(b, "g", TOPIC)
            .commit(List.of(batch(b, 0, OptionalLong.of(5), 5, 2)), Map.of(1, 3L));

    assertThat(out.committed()).containsOnlyKeys(0);
    assertThat(out.fenced()).containsEntry(1, OptionalLong.of(7));
    assertThat(stored(open(), 1)).hasValue(7);
    assertThat(stored(open(), 0)).hasValue(7);
    TableLineage.assertExactlyOnce(sent, open());
  }

  /** Table operations that forward everything, for a test to override one call. */
  private static class ForwardingOps implements TableOperations {
    private final TableOperations d;

    ForwardingOps(TableOperations d) {
      this.d = d;
    }

    @Override
    public TableMetadata current() {
      return d.current();
    }

    @Override
    public TableMetadata refresh() {
      return d.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      d.commit(base, metadata);
    }

    @Override
    public FileIO io() {
      return d.io();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return d.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return d.locationProvider();
    }
  }
}
