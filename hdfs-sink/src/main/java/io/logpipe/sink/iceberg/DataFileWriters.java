package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.row.EncodedRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Opens the table's data files with the file mode's Parquet settings (its row-group size, 256 KiB
 * pages, no dictionary for the nearly unique {@code ts}, {@code bytes} and {@code raw_offset})
 * rather than Iceberg's defaults (128 MiB row groups, 1 MiB pages, a dictionary for every column):
 * with those, building and then abandoning the dictionaries of the nearly unique columns was the
 * largest share of the sink's CPU (BENCHMARKS.md).
 */
final class DataFileWriters {

  static final int PAGE_BYTES = 256 * 1024;
  private static final String[] NO_DICTIONARY = {"ts", "bytes", "raw_offset"};

  private final Table table;
  private final int rowGroupBytes;

  DataFileWriters(Table table, int rowGroupBytes) {
    this.table = table;
    this.rowGroupBytes = rowGroupBytes;
  }

  /** With the file mode's default row-group size. */
  DataFileWriters(Table table) {
    this(table, SinkConfig.DEFAULT_ROW_GROUP_BYTES);
  }

  Table table() {
    return table;
  }

  /** The partition of {@code hour}: identity on dt (days since the epoch) and hour. */
  PartitionKey key(HourPartition hour) {
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    key.set(0, (int) hour.date().toEpochDay());
    key.set(1, hour.hour());
    return key;
  }

  /** The location of a new data file {@code name} in {@code hour}'s directory. */
  String location(HourPartition hour, String name) {
    return table.locationProvider().newDataLocation(table.spec(), key(hour), name);
  }

  /** An open writer of the curated records' rows into {@code location}, a file of {@code hour}. */
  DataWriter<EncodedRow> open(HourPartition hour, String location) {
    return build(
        location, builder(hour, location).createWriterFunc(s -> new EncodedRowWriter(s, hour)));
  }

  /**
   * An open writer of Iceberg's generic rows, for the rewrite of files it cannot copy (rows read
   * back by Iceberg's reader).
   */
  DataWriter<Record> openRecords(HourPartition hour, String location) {
    return build(location, builder(hour, location).createWriterFunc(GenericParquetWriter::create));
  }

  private Parquet.DataWriteBuilder builder(HourPartition hour, String location) {
    Parquet.DataWriteBuilder b =
        Parquet.writeData(table.io().newOutputFile(location))
            .forTable(table)
            .withSpec(table.spec())
            .withPartition(key(hour))
            .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, Integer.toString(rowGroupBytes))
            .set(TableProperties.PARQUET_PAGE_SIZE_BYTES, Integer.toString(PAGE_BYTES))
            .overwrite();
    for (String column : NO_DICTIONARY) {
      b.set(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + column, "false");
    }
    return b;
  }

  private static <T> DataWriter<T> build(String location, Parquet.DataWriteBuilder b) {
    try {
      return b.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + location + ": " + e.getMessage(), e);
    }
  }
}
