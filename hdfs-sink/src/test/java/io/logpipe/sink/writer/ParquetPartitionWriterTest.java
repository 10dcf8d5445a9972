package io.logpipe.sink.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;

class ParquetPartitionWriterTest {

  private final Configuration conf = new Configuration();

  @Test
  void writesReadableParquetWithMicrosTimestampAndAvroColumnNames() throws Exception {
    Path dir = Files.createTempDirectory("writer-");
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(dir.toUri().toString(), "_t.parquet");
    ParquetWriterFactory factory = new ParquetWriterFactory(conf, SinkConfig.Codec.SNAPPY, 1 << 20);
    HourPartition hour = new HourPartition(java.time.LocalDate.of(2025, 12, 24), 17);
    ParquetPartitionWriter w = factory.open(hour, file, Instant.now());
    Random rnd = new Random(1);
    List<LogEvent> written = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      LogEvent e =
          Events.event(
              Instant.parse("2025-12-24T17:36:03.210929Z").plusMillis(i), "logs_raw", 0, i, rnd);
      w.write(Events.row(e), 10 + i * 2L);
      written.add(e);
    }
    assertThat(w.estimatedBytes()).as("until noted").isZero();
    w.noteSize();
    assertThat(w.estimatedBytes()).isPositive();
    w.close();
    assertThat(w.state()).isEqualTo(WriterState.CLOSED);
    assertThat(w.firstOffset()).isEqualTo(10);
    assertThat(w.lastOffset()).isEqualTo(10 + 999 * 2);
    assertThatThrownBy(() -> w.write(Events.row(written.get(0)), 5000))
        .isInstanceOf(IllegalStateException.class);

    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      PrimitiveType ts = schema.getType("ts").asPrimitiveType();
      assertThat(ts.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
      assertThat(ts.getLogicalTypeAnnotation())
          .isEqualTo(
              LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
      assertThat(schema.getFields())
          .extracting(f -> f.getName())
          .containsExactly(
              "ts",
              "host",
              "method",
              "path",
              "query",
              "status",
              "bytes",
              "ip",
              "ua",
              "referrer",
              "rt_ms",
              "format",
              "raw_topic",
              "raw_partition",
              "raw_offset");
      assertThat(r.getRecordCount()).isEqualTo(1000);
    }
    List<LogEvent> read = new ArrayList<>();
    try (ParquetReader<LogEvent> reader =
        AvroParquetReader.<LogEvent>builder(HadoopInputFile.fromPath(file, conf))
            .withDataModel(SpecificData.getForClass(LogEvent.class))
            .build()) {
      for (LogEvent e = reader.read(); e != null; e = reader.read()) {
        read.add(e);
      }
    }
    assertThat(read).isEqualTo(written);
  }

  @Test
  void abortDeletesTheTempFileAndRejectsDecreasingOffsets() throws Exception {
    Path dir = Files.createTempDirectory("writer-");
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(dir.toUri().toString(), "_a.parquet");
    ParquetWriterFactory factory = new ParquetWriterFactory(conf, SinkConfig.Codec.ZSTD, 1 << 20);
    ParquetPartitionWriter w =
        factory.open(new HourPartition(java.time.LocalDate.of(2025, 1, 1), 0), file, Instant.now());
    LogEvent e =
        Events.event(Instant.parse("2025-01-01T00:00:01Z"), "logs_raw", 0, 1, new Random(2));
    w.write(Events.row(e), 5);
    assertThatThrownBy(() -> w.write(Events.row(e), 5))
        .isInstanceOf(IllegalArgumentException.class);
    w.abort(FileSystem.getLocal(conf));
    assertThat(w.state()).isEqualTo(WriterState.ABORTED);
    assertThat(Files.exists(dir.resolve("_a.parquet"))).isFalse();
  }
}
