package io.logpipe.sink.writer;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.row.EncodedRow;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Opens Parquet writers of curated events ({@link EncodedRow}s, files exactly as parquet-avro
 * writes {@link LogEvent}s). {@code ts} (Avro timestamp-micros) becomes INT64 TIMESTAMP(MICROS,
 * UTC), which Spark reads as a timestamp; columns keep the Avro field names.
 */
public final class ParquetWriterFactory {

  /** Page size small relative to the row group so the memory estimate tracks the rows buffered. */
  private static final int PAGE_SIZE = 256 * 1024;

  private final Configuration conf;
  private final FileSystem fs; // null: files on the file system Hadoop's cache gives for their path
  private final CompressionCodecName codec;
  private final int rowGroupBytes;

  /** Writers on the file system of each file's path (Hadoop's cached instance for its scheme). */
  public ParquetWriterFactory(Configuration conf, SinkConfig.Codec codec, int rowGroupBytes) {
    this(conf, null, codec, rowGroupBytes);
  }

  /** Writers on {@code fs}, the sink's own instance. */
  public ParquetWriterFactory(FileSystem fs, SinkConfig.Codec codec, int rowGroupBytes) {
    this(fs.getConf(), fs, codec, rowGroupBytes);
  }

  private ParquetWriterFactory(
      Configuration conf, FileSystem fs, SinkConfig.Codec codec, int rowGroupBytes) {
    this.conf = conf;
    this.fs = fs;
    this.codec =
        switch (codec) {
          case SNAPPY -> CompressionCodecName.SNAPPY;
          case ZSTD -> CompressionCodecName.ZSTD;
        };
    this.rowGroupBytes = rowGroupBytes;
  }

  /** Creates {@code tempFile} (replacing a left-over) and returns an OPEN writer for it. */
  public ParquetPartitionWriter open(HourPartition hour, Path tempFile, Instant now)
      throws IOException {
    ParquetWriter<EncodedRow> w = configured(new RowWriterBuilder(outputFile(tempFile)));
    return new ParquetPartitionWriter(hour, tempFile, w, now);
  }

  /**
   * An {@code AvroParquetWriter} of {@code LogEvent} objects with the same settings: what the
   * sink's files would be written with if it decoded every row (the benchmark's ceiling, and tests
   * comparing files).
   */
  public ParquetWriter<LogEvent> avroWriter(Path file) throws IOException {
    return configured(
        AvroParquetWriter.<LogEvent>builder(outputFile(file))
            .withSchema(LogEvent.getClassSchema())
            // The class's own data model knows its logical-type conversions (Instant <->
            // timestamp-micros).
            .withDataModel(SpecificData.getForClass(LogEvent.class)));
  }

  private OutputFile outputFile(Path file) throws IOException {
    return fs != null ? new FsOutputFile(fs, file) : HadoopOutputFile.fromPath(file, conf);
  }

  private <T, B extends ParquetWriter.Builder<T, B>> ParquetWriter<T> configured(B builder)
      throws IOException {
    return builder
        .withCompressionCodec(codec)
        .withRowGroupSize((long) rowGroupBytes)
        .withPageSize(PAGE_SIZE)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        // Nearly unique per row: a dictionary only costs CPU (build, overflow, fall back) and buys
        // nothing.
        .withDictionaryEncoding("ts", false)
        .withDictionaryEncoding("raw_offset", false)
        .withDictionaryEncoding("bytes", false)
        .withConf(conf)
        .build();
  }

  /** Builds writers of {@link EncodedRow}s. */
  private static final class RowWriterBuilder
      extends ParquetWriter.Builder<EncodedRow, RowWriterBuilder> {

    RowWriterBuilder(OutputFile file) {
      super(file);
    }

    @Override
    protected RowWriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<EncodedRow> getWriteSupport(Configuration conf) {
      return new EncodedRowWriteSupport();
    }
  }
}
