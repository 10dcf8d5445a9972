package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.HasTableOperations;
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
    return TableCatalogs.loadOrCreate(
        TableCatalogs.open(dir.toUri(), IcebergTarget.hadoop(), new Configuration()),
        IcebergTarget.hadoop().identifier(),
        "snappy");
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
    // the replace snapshot itself carries every partition's offset
    assertThat(fresh.currentSnapshot().summary())
        .containsEntry(TableOffsets.key("g", TOPIC, 0), "170")
        .containsEntry(TableOffsets.key("g", TOPIC, 1), "50");
    var meta = ((HasTableOperations) fresh).operations().current();
    assertThat(TableOffsets.committed(meta, TableOffsets.key("g", TOPIC, 0))).hasValue(170);
    TableLineage.assertExactlyOnce(sent, fresh);
    // a second pass finds one file: nothing to do
    assertThat(new HourRewrite(fresh).rewrite(HOUR)).isZero();
  }

  @Test
  void aSinkCommitLandingDuringTheRewriteMakesItGiveUpWithoutChange() throws IOException {
    Table table = open();
    commit(table, 0, OptionalLong.empty(), 0, 30);
    commit(table, 0, OptionalLong.of(30), 30, 30);
    // another instance commits partition 0 on (60 -> 80) right before the rewrite's swap: the
    // rewrite, built on offset 60, must not land on top of it
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

    assertThatThrownBy(() -> new HourRewrite(new BaseTable(racing, table.name())).rewrite(HOUR))
        .isInstanceOf(OffsetConflictException.class);

    assertThat(raced).isTrue();
    Table fresh = open();
    assertThat(filesOf(fresh, HOUR)).isEqualTo(3);
    assertThat(fresh.currentSnapshot().operation()).isEqualTo(DataOperations.APPEND);
    assertThat(
            TableOffsets.committed(
                ((HasTableOperations) fresh).operations().current(),
                TableOffsets.key("g", TOPIC, 0)))
        .hasValue(80);
    TableLineage.assertExactlyOnce(sent, fresh);
  }
}
