package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * Joins data files of one hour into one by copying their Parquet row groups as they are (bytes, not
 * rows: nothing decoded or encoded again), as Iceberg's own {@code Parquet.concat} does for local
 * files. Only for files of one Parquet schema, field ids included; the new file's column statistics
 * come from the copied row groups' own.
 */
final class RowGroupCopy {

  /**
   * Read options on a plain configuration: Parquet's default builds a Hadoop {@code Configuration}
   * per file opened, parsing its XML resources each time (most of a copy's time, measured).
   */
  private static final ParquetReadOptions OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

  private final DataFileWriters files;

  RowGroupCopy(DataFileWriters files) {
    this.files = files;
  }

  /**
   * Copies the row groups of {@code sources} (ordered by location) into a new file at {@code
   * location}; empty, writing nothing, when their schemas differ (the caller then rewrites the
   * rows).
   */
  Optional<DataFile> copy(HourPartition hour, Collection<DataFile> sources, String location)
      throws IOException {
    List<DataFile> ordered = new ArrayList<>(sources);
    ordered.sort(Comparator.comparing(DataFile::location));
    List<ParquetFileReader> readers = new ArrayList<>(ordered.size());
    try {
      for (DataFile f : ordered) {
        if (f.format() != FileFormat.PARQUET) {
          return Optional.empty();
        }
        readers.add(
            ParquetFileReader.open(
                ParquetFiles.input(files.table().io().newInputFile(f.location())), OPTIONS));
      }
      MessageType schema = readers.get(0).getFooter().getFileMetaData().getSchema();
      long rowGroupBytes = 1;
      for (ParquetFileReader r : readers) {
        if (!schema.equals(r.getFooter().getFileMetaData().getSchema())) {
          return Optional.empty();
        }
        for (BlockMetaData b : r.getFooter().getBlocks()) {
          rowGroupBytes = Math.max(rowGroupBytes, b.getTotalByteSize());
        }
      }
      return Optional.of(write(hour, readers, schema, rowGroupBytes, location));
    } finally {
      for (ParquetFileReader r : readers) {
        r.close();
      }
    }
  }

  private DataFile write(
      HourPartition hour,
      List<ParquetFileReader> readers,
      MessageType schema,
      long rowGroupBytes,
      String location)
      throws IOException {
    Table table = files.table();
    ParquetMetadata footer;
    long length;
    try {
      ParquetFileWriter out =
          new ParquetFileWriter(
              ParquetFiles.output(table.io().newOutputFile(location)),
              schema,
              ParquetFileWriter.Mode.CREATE,
              rowGroupBytes,
              0);
      out.start();
      for (ParquetFileReader r : readers) {
        r.appendTo(out);
      }
      out.end(readers.get(0).getFooter().getFileMetaData().getKeyValueMetaData());
      footer = out.getFooter();
      length = out.getPos();
    } catch (IOException | RuntimeException e) {
      table.io().deleteFile(location);
      throw e;
    }
    Metrics metrics =
        ParquetUtil.footerMetrics(footer, Stream.empty(), MetricsConfig.forTable(table));
    return DataFiles.builder(table.spec())
        .withPath(location)
        .withFormat(FileFormat.PARQUET)
        .withPartition(files.key(hour))
        .withFileSizeInBytes(length)
        .withMetrics(metrics)
        .build();
  }
}
