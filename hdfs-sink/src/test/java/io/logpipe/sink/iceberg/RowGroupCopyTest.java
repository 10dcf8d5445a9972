package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.support.Events;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files joined by copying their row groups: the same rows, their statistics kept. */
class RowGroupCopyTest {

  private static final ZoneId ZONE = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final HourPartition HOUR = HourPartition.of(T0, ZONE);
  private static final int RAW_OFFSET = 15; // field id

  @TempDir Path dir;

  private final Random rnd = new Random(5);

  private Table open(String sub) {
    return LocalTables.hadoop(dir.resolve(sub));
  }

  private DataFile file(DataFileWriters files, String name, long from, int count)
      throws IOException {
    DataWriter<EncodedRow> w = files.open(HOUR, files.location(HOUR, name));
    for (long o = from; o < from + count; o++) {
      LogEvent e = Events.event(T0.plusMillis(o), "logs_raw", 0, o, rnd);
      w.write(Events.row(e));
    }
    w.close();
    return w.toDataFile();
  }

  private static int rowGroups(Table table, String location) throws IOException {
    try (ParquetFileReader r =
        ParquetFileReader.open(ParquetFiles.input(table.io().newInputFile(location)))) {
      return r.getFooter().getBlocks().size();
    }
  }

  @Test
  void theRowsOfEveryFileInOneWithTheirRowGroupsAndBounds() throws IOException {
    Table table = open("a");
    DataFileWriters files = new DataFileWriters(table, 64 * 1024);
    List<DataFile> sources =
        List.of(
            file(files, "a.parquet", 0, 3_000),
            file(files, "b.parquet", 3_000, 2_000),
            file(files, "c.parquet", 5_000, 1_000));
    int groups = 0;
    for (DataFile f : sources) {
      groups += rowGroups(table, f.location());
    }
    String location = files.location(HOUR, "joined.parquet");

    DataFile joined = new RowGroupCopy(files).copy(HOUR, sources, location).orElseThrow();

    assertThat(joined.recordCount()).isEqualTo(6_000);
    assertThat(joined.partition().get(0, Integer.class)).isEqualTo((int) HOUR.date().toEpochDay());
    assertThat(joined.partition().get(1, Integer.class)).isEqualTo(HOUR.hour());
    assertThat(joined.fileSizeInBytes()).isEqualTo(table.io().newInputFile(location).getLength());
    assertThat(rowGroups(table, location)).isEqualTo(groups);
    ByteBuffer lower = joined.lowerBounds().get(RAW_OFFSET);
    ByteBuffer upper = joined.upperBounds().get(RAW_OFFSET);
    assertThat((Long) Conversions.fromByteBuffer(Types.LongType.get(), lower)).isZero();
    assertThat((Long) Conversions.fromByteBuffer(Types.LongType.get(), upper)).isEqualTo(5_999L);

    List<Long> offsets = new ArrayList<>();
    try (CloseableIterable<Record> read =
        Parquet.read(table.io().newInputFile(location))
            .project(table.schema())
            .createReaderFunc(s -> GenericParquetReaders.buildReader(table.schema(), s))
            .build()) {
      for (Record r : read) {
        offsets.add((Long) r.getField("raw_offset"));
      }
    }
    assertThat(offsets).hasSize(6_000).doesNotHaveDuplicates();
    assertThat(offsets).allMatch(o -> o >= 0 && o < 6_000);
  }

  @Test
  void filesOfDifferentSchemasAreNotCopied() throws IOException {
    Table table = open("a");
    Table evolved = open("b");
    evolved.updateSchema().renameColumn("ua", "user_agent").commit();
    DataFile one = file(new DataFileWriters(table), "one.parquet", 0, 10);
    DataFile other = file(new DataFileWriters(evolved), "other.parquet", 10, 10);
    String location = new DataFileWriters(table).location(HOUR, "joined.parquet");

    Optional<DataFile> joined =
        new RowGroupCopy(new DataFileWriters(table)).copy(HOUR, List.of(one, other), location);

    assertThat(joined).isEmpty();
    assertThat(table.io().newInputFile(location).exists()).isFalse();
  }
}
