package io.logpipe.sink.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.AvroSerde;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import io.logpipe.sink.writer.ParquetWriterFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's rows read from Avro bytes and written to Parquet without decoding: files
 * indistinguishable from parquet-avro's for the same events, and corrupt records refused when they
 * are read, never when they are written.
 */
class RowCodecTest {

  private static final HourPartition HOUR = new HourPartition(LocalDate.of(2025, 12, 24), 17);

  private final Configuration conf = new Configuration();
  private final org.apache.hadoop.fs.FileSystem lakeFs = new io.logpipe.lake.LocalLakeFileSystem();

  /**
   * As the sink opens writers: on a file system instance of its own (FsOutputFile), a local lake's
   * here.
   */
  private ParquetWriterFactory factory;

  private final AvroSerde<LogEvent> serde = LogpipeSerdes.logEvent();
  private final RowCodec codec = new RowCodec();

  @TempDir Path dir;

  @org.junit.jupiter.api.BeforeEach
  void openLake() throws Exception {
    lakeFs.initialize(dir.toUri(), conf);
    factory = new ParquetWriterFactory(lakeFs, SinkConfig.Codec.SNAPPY, 1 << 20);
  }

  @org.junit.jupiter.api.AfterEach
  void closeLake() throws Exception {
    lakeFs.close();
  }

  /**
   * Every row's columns as stored: strings as their bytes in hex, so that two files can be compared
   * exactly.
   */
  private List<String> storedRows(org.apache.hadoop.fs.Path file) throws Exception {
    List<String> out = new ArrayList<>();
    try (ParquetReader<org.apache.parquet.example.data.Group> r =
        ParquetReader.builder(new org.apache.parquet.hadoop.example.GroupReadSupport(), file)
            .withConf(conf)
            .build()) {
      for (var g = r.read(); g != null; g = r.read()) {
        StringBuilder row = new StringBuilder();
        for (int f = 0; f < g.getType().getFieldCount(); f++) {
          row.append(g.getType().getFieldName(f)).append('=');
          if (g.getFieldRepetitionCount(f) == 0) {
            row.append("null");
          } else if (g.getType().getType(f).asPrimitiveType().getPrimitiveTypeName()
              == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY) {
            row.append(java.util.HexFormat.of().formatHex(g.getBinary(f, 0).getBytes()));
          } else {
            row.append(g.getValueToString(f, 0));
          }
          row.append(';');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  /**
   * Events with every optional field both null and set, every format, non-ASCII text and extreme
   * numbers.
   */
  private static List<LogEvent> variedEvents(int n, long seed) {
    Random rnd = new Random(seed);
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          LogEvent.newBuilder(
                  Events.event(
                      Instant.ofEpochSecond(
                          1_766_595_363L + rnd.nextInt(3600), rnd.nextInt(1_000_000) * 1000L),
                      "logs_raw",
                      rnd.nextInt(8),
                      rnd.nextLong() & Long.MAX_VALUE,
                      rnd))
              .setPath(
                  "/p/" + rnd.nextInt(5000) + (rnd.nextBoolean() ? "/caf\u00e9/\u4e2d\u6587" : ""))
              .setReferrer(rnd.nextBoolean() ? null : "https://ref.example/" + rnd.nextInt(100))
              .setUa(rnd.nextInt(5) == 0 ? null : "agent " + rnd.nextInt(50))
              .setQuery(
                  rnd.nextInt(3) == 0 ? "" : rnd.nextBoolean() ? null : "q=\u00fc" + rnd.nextInt())
              .setBytes(rnd.nextInt(20) == 0 ? Long.MAX_VALUE : rnd.nextInt(100_000))
              .setRtMs(rnd.nextBoolean() ? null : (long) rnd.nextInt(60_000))
              .setFormat(LogFormat.values()[rnd.nextInt(LogFormat.values().length)])
              .build());
    }
    return out;
  }

  private org.apache.hadoop.fs.Path file(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
  }

  private List<LogEvent> readBack(org.apache.hadoop.fs.Path file) throws Exception {
    List<LogEvent> out = new ArrayList<>();
    try (ParquetReader<LogEvent> r =
        AvroParquetReader.<LogEvent>builder(HadoopInputFile.fromPath(file, conf))
            .withDataModel(SpecificData.getForClass(LogEvent.class))
            .build()) {
      for (LogEvent e = r.read(); e != null; e = r.read()) {
        out.add(e);
      }
    }
    return out;
  }

  private FileMetaData footer(org.apache.hadoop.fs.Path file) throws Exception {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      return r.getFooter().getFileMetaData();
    }
  }

  private ParquetPartitionWriter writeRows(String name, List<EncodedRow> rows) throws Exception {
    ParquetPartitionWriter w = factory.open(HOUR, file(name), Instant.now());
    for (int i = 0; i < rows.size(); i++) {
      w.write(rows.get(i), i);
    }
    w.close();
    return w;
  }

  @Test
  void rowsWrittenFromBytesReadBackAsTheEventsAndTheFileLooksLikeParquetAvros() throws Exception {
    List<LogEvent> events = variedEvents(5_000, 3);
    List<EncodedRow> rows = new ArrayList<>();
    for (LogEvent e : events) {
      rows.add(codec.read("logs_curated", serde.serialize("logs_curated", e)));
    }
    writeRows("rows.parquet", rows);
    try (ParquetWriter<LogEvent> w = factory.avroWriter(file("avro.parquet"))) {
      for (LogEvent e : events) {
        w.write(e);
      }
    }

    assertThat(readBack(file("rows.parquet"))).containsExactlyElementsOf(events);
    FileMetaData rowsMeta = footer(file("rows.parquet"));
    FileMetaData avroMeta = footer(file("avro.parquet"));
    assertThat(rowsMeta.getSchema()).isEqualTo(avroMeta.getSchema());
    assertThat(rowsMeta.getKeyValueMetaData())
        .isEqualTo(avroMeta.getKeyValueMetaData())
        .containsKey("parquet.avro.schema")
        .containsEntry("writer.model.name", "avro");
  }

  @Test
  void readGivesTheEventTimeInMicrosecondsIncludingBeforeTheEpoch() {
    for (Instant ts :
        List.of(
            Instant.parse("2025-12-24T17:36:03.210929Z"),
            Instant.parse("1969-12-31T23:59:59.000001Z"),
            Instant.EPOCH)) {
      LogEvent e = LogEvent.newBuilder(Events.event(ts, "logs_raw", 0, 1, new Random(1))).build();

      EncodedRow row = codec.read("t", serde.serialize("t", e));

      assertThat(row.ts()).isEqualTo(ts);
      assertThat(row.tsMicros())
          .isEqualTo(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L) + ts.getNano() / 1000);
    }
  }

  @Test
  void readRefusesWhatNoReaderCouldDecodeNamingTheTopic() {
    byte[] valid = serde.serialize("t", variedEvents(1, 5).get(0));
    byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
    byte[] unknownSchema = valid.clone();
    unknownSchema[5] ^= 0x5A;
    byte[] notAvro = "{\"ts\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    for (byte[] bad :
        List.of(truncated, unknownSchema, notAvro, Arrays.copyOf(valid, AvroSerde.HEADER_BYTES))) {
      assertThatThrownBy(() -> codec.read("logs_curated", bad))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("logs_curated");
    }
  }

  /**
   * Random corruption behind a valid header: the codec accepts exactly what Avro's own reader
   * accepts, and every row it accepts is written and reads back as the event Avro's reader decodes
   * from the same bytes.
   */
  @Test
  void acceptsExactlyWhatAvrosReaderAcceptsAndWritesItAsAvroReadsIt() throws Exception {
    List<LogEvent> seeds = variedEvents(50, 9);
    Random rnd = new Random(13);
    List<EncodedRow> accepted = new ArrayList<>();
    List<LogEvent> expected = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] valid = serde.serialize("t", seeds.get(rnd.nextInt(seeds.size())));
      byte[] bytes =
          rnd.nextBoolean()
              ? valid // mutated in place below, or cut short / padded
              : Arrays.copyOf(
                  valid,
                  AvroSerde.HEADER_BYTES
                      + 1
                      + rnd.nextInt(valid.length - AvroSerde.HEADER_BYTES + 4));
      for (int m = rnd.nextInt(4); m > 0; m--) {
        bytes[AvroSerde.HEADER_BYTES + rnd.nextInt(bytes.length - AvroSerde.HEADER_BYTES)] =
            (byte) rnd.nextInt(256);
      }
      LogEvent avro;
      try {
        avro = serde.deserialize("t", bytes);
      } catch (SerializationException e) {
        avro = null;
      }
      EncodedRow row;
      try {
        row = codec.read("t", bytes);
      } catch (SerializationException e) {
        row = null;
        refused++;
      }
      assertThat(row != null).as("codec and Avro agree on mutation %d", i).isEqualTo(avro != null);
      if (row != null) {
        accepted.add(row);
        expected.add(avro);
      }
    }
    assertThat(refused).as("most mutations break the body").isGreaterThan(1_000);
    assertThat(accepted).as("and some survive").hasSizeGreaterThan(1_000);

    writeRows("mutated.parquet", accepted);
    try (ParquetWriter<LogEvent> w = factory.avroWriter(file("mutated-avro.parquet"))) {
      for (LogEvent e : expected) {
        w.write(e);
      }
    }

    assertThat(readBack(file("mutated.parquet"))).containsExactlyElementsOf(expected);
    assertThat(storedRows(file("mutated.parquet")))
        .as("byte for byte what parquet-avro stores for Avro's events")
        .containsExactlyElementsOf(storedRows(file("mutated-avro.parquet")));
  }

  @Test
  void malformedUtf8IsStoredAsAvrosReaderDecodesItAndValidRecordsAreNotCopied() throws Exception {
    LogEvent event = variedEvents(1, 17).get(0);
    byte[] valid = serde.serialize("t", event);
    byte[] marker = "/p/".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] malformed = valid.clone();
    int at = indexOf(malformed, marker);
    malformed[at + 1] = (byte) 0xC3; // "/p/" becomes "/", a lone lead byte, "/"
    LogEvent decoded = serde.deserialize("t", malformed);
    assertThat(decoded.getPath()).contains("\uFFFD");

    assertThat(codec.read("t", valid).value()).isSameAs(valid);
    EncodedRow repaired = codec.read("t", malformed);
    assertThat(repaired.value()).isEqualTo(serde.serialize("t", decoded));
    writeRows("repaired.parquet", List.of(repaired));
    try (ParquetWriter<LogEvent> w = factory.avroWriter(file("repaired-avro.parquet"))) {
      w.write(decoded);
    }
    assertThat(storedRows(file("repaired.parquet")))
        .isEqualTo(storedRows(file("repaired-avro.parquet")));
  }

  private static int indexOf(byte[] data, byte[] part) {
    for (int i = 0; i + part.length <= data.length; i++) {
      if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
