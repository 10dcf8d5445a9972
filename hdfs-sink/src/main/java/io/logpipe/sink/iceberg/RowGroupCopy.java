package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.schema.MessageType;

/**
 * Joins data files of one hour into one by copying their Parquet row groups as they are (bytes, not
 * rows: nothing decoded or encoded again), as Iceberg's own {@code Parquet.concat} does for local
 * files. Only for files of one Parquet schema, field ids included; the new file's column statistics
 * come from the copied row groups' own.
 */
final class RowGroupCopy {

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
    Table table = files.table();
    List<org.apache.parquet.io.InputFile> inputs = new ArrayList<>(sources.size());
    MessageType schema = null;
    Map<String, String> keyValues = null;
    long rowGroupBytes = 0;
    List<DataFile> ordered = new ArrayList<>(sources);
    ordered.sort(Comparator.comparing(DataFile::location));
    for (DataFile f : ordered) {
      if (f.format() != FileFormat.PARQUET) {
        return Optional.empty();
      }
      org.apache.parquet.io.InputFile in =
          ParquetFiles.input(table.io().newInputFile(f.location()));
      try (ParquetFileReader reader = ParquetFileReader.open(in)) {
        FileMetaData meta = reader.getFooter().getFileMetaData();
        if (schema == null) {
          schema = meta.getSchema();
          keyValues = meta.getKeyValueMetaData();
        } else if (!schema.equals(meta.getSchema())) {
          return Optional.empty();
        }
        for (BlockMetaData b : reader.getFooter().getBlocks()) {
          rowGroupBytes = Math.max(rowGroupBytes, b.getTotalByteSize());
        }
      }
      inputs.add(in);
    }
    ParquetFileWriter out =
        new ParquetFileWriter(
            ParquetFiles.output(table.io().newOutputFile(location)),
            schema,
            ParquetFileWriter.Mode.CREATE,
            Math.max(rowGroupBytes, 1),
            0);
    try {
      out.start();
      for (org.apache.parquet.io.InputFile in : inputs) {
        out.appendFile(in);
      }
      out.end(keyValues);
    } catch (IOException | RuntimeException e) {
      table.io().deleteFile(location);
      throw e;
    }
    InputFile written = table.io().newInputFile(location);
    Metrics metrics = ParquetUtil.fileMetrics(written, MetricsConfig.forTable(table));
    return Optional.of(
        DataFiles.builder(table.spec())
            .withPath(location)
            .withFormat(FileFormat.PARQUET)
            .withPartition(files.key(hour))
            .withFileSizeInBytes(written.getLength())
            .withMetrics(metrics)
            .build());
  }
}
