package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.support.Events;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.DataWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table's data files get the file mode's Parquet settings, not Iceberg's defaults. */
class DataFileWritersTest {

  private static final ZoneId ZONE = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir Path dir;

  @Test
  void rowGroupsOfTheConfiguredSizeAndNoDictionaryForNearlyUniqueColumns() throws Exception {
    Table table = LocalTables.hadoop(dir);
    DataFileWriters files = new DataFileWriters(table, 64 * 1024);
    Random rnd = new Random(3);
    HourPartition hour = HourPartition.of(T0, ZONE);
    String location = files.location(hour, "settings.parquet");
    DataWriter<EncodedRow> w = files.open(hour, location);
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      LogEvent e = Events.event(T0.plusMillis(i), "logs_raw", 0, i, rnd);
      w.write(Events.row(e));
    }
    w.close();
    DataFile f = w.toDataFile();
    assertThat(f.recordCount()).isEqualTo(n);
    assertThat(f.partition().get(1, Integer.class)).isEqualTo(10);

    try (ParquetFileReader r =
        ParquetFileReader.open(ParquetFiles.input(table.io().newInputFile(location)))) {
      // Iceberg's default (128 MiB) would give one row group for these ~2 MB of rows
      assertThat(r.getFooter().getBlocks()).hasSizeGreaterThan(3);
      Map<String, Boolean> dictionary = new HashMap<>();
      for (BlockMetaData b : r.getFooter().getBlocks()) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          boolean dict =
              c.getEncodings().contains(Encoding.RLE_DICTIONARY)
                  || c.getEncodings().contains(Encoding.PLAIN_DICTIONARY);
          dictionary.merge(c.getPath().toDotString(), dict, Boolean::logicalOr);
        }
      }
      assertThat(dictionary)
          .containsEntry("ts", false)
          .containsEntry("bytes", false)
          .containsEntry("raw_offset", false)
          .containsEntry("method", true)
          .containsEntry("host", true);
    }
  }
}
