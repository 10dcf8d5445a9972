package io.logpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * Evolution both ways between this build's {@link LogEvent} and a hypothetical next version that
 * adds an optional field with a default.
 */
class SchemaEvolutionTest {

  /** The current LogEvent schema plus {@code region: ["null","string"] = null}. */
  static Schema nextLogEventSchema() {
    Schema current = LogEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema optionalString = SchemaBuilder.unionOf().nullType().and().stringType().endUnion();
    fields.add(
        new Schema.Field(
            "region",
            optionalString,
            "Data-centre region (added in v2).",
            Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  /** The sample event written by a v2 producer ({@link #nextLogEventSchema()}, region set). */
  static byte[] sampleInNextSchema() throws IOException {
    Schema next = nextLogEventSchema();
    GenericRecord v2 = new GenericData.Record(next);
    LogEvent sample = AvroSerdeTest.sampleEvent();
    for (Schema.Field f : LogEvent.getClassSchema().getFields()) {
      Object value = sample.get(f.pos());
      if (value instanceof java.time.Instant instant) {
        value = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
      } else if (value instanceof Enum<?> e) {
        value = new GenericData.EnumSymbol(f.schema(), e.name());
      }
      v2.put(f.name(), value);
    }
    v2.put("region", "eu-west-1");
    ByteBuffer written =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), next).encode(v2);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);
    return bytes;
  }

  @Test
  void recordWrittenWithCurrentSchemaIsReadByNewerReader() throws IOException {
    Schema next = nextLogEventSchema();
    byte[] written = LogpipeSerdes.logEvent().serialize("t", AvroSerdeTest.sampleEvent());

    // The newer reader knows the released versions (the writer's among them).
    BinaryMessageDecoder<GenericRecord> newer =
        new BinaryMessageDecoder<>(GenericData.get(), next, SchemaCatalog.released());
    GenericRecord read = newer.decode(written);

    assertThat(read.get("region")).isNull();
    assertThat(read.get("host").toString()).isEqualTo("api.myapp.com");
    assertThat(read.get("status")).isEqualTo(503);
    assertThat(read.get("raw_offset")).isEqualTo(123_456_789L);
  }

  @Test
  void recordWrittenWithNewerSchemaIsReadByCurrentClass() throws IOException {
    Schema next = nextLogEventSchema();
    LogEvent sample = AvroSerdeTest.sampleEvent();
    byte[] bytes = sampleInNextSchema();

    // A consumer running this build, once told about v2 (as a registry bridge or an upgraded
    // catalog would).
    SchemaCatalog catalog = SchemaCatalog.released().add(next);
    LogEvent read = new AvroSerde<>(LogEvent.class, catalog).deserialize("logs_curated", bytes);

    assertThat(read).isEqualTo(sample);
  }

  @Test
  void toOwnSchemaKeepsOwnBytesAndReencodesANewerWritersRecord() throws IOException {
    AvroSerde<LogEvent> current = LogpipeSerdes.logEvent();
    byte[] own = current.serialize("t", AvroSerdeTest.sampleEvent());
    assertThat(current.toOwnSchema("t", own)).as("no copy for this build's schema").isSameAs(own);

    Schema next = nextLogEventSchema();
    byte[] newer = sampleInNextSchema();
    AvroSerde<LogEvent> told = new AvroSerde<>(LogEvent.class, SchemaCatalog.released().add(next));

    assertThat(told.toOwnSchema("t", newer))
        .as("the newer record, resolved and in this build's encoding")
        .isEqualTo(own);
  }

  @Test
  void rejectReasonUnknownToReaderFallsBackToOther() throws IOException {
    Schema current = RejectedLine.getClassSchema();
    Schema reasons = current.getField("reason").schema();
    List<String> symbols = new ArrayList<>(reasons.getEnumSymbols());
    symbols.add("REQUEST_SMUGGLING");
    Schema nextReasons =
        Schema.createEnum(
            reasons.getName(), reasons.getDoc(), reasons.getNamespace(), symbols, "OTHER");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.name().equals("reason") ? nextReasons : f.schema()));
    }
    Schema next =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    GenericRecord v2 = new GenericData.Record(next);
    v2.put("raw", ByteBuffer.wrap(new byte[] {1, 2}));
    v2.put("reason", new GenericData.EnumSymbol(nextReasons, "REQUEST_SMUGGLING"));
    v2.put("message", "m");
    v2.put("raw_topic", "logs_raw");
    v2.put("raw_partition", 0);
    v2.put("raw_offset", 1L);
    v2.put("rejected_at", 5L);
    ByteBuffer written =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), next).encode(v2);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    RejectedLine read =
        new AvroSerde<>(RejectedLine.class, SchemaCatalog.released().add(next))
            .deserialize("logs_rejected", bytes);

    assertThat(read.getReason()).isEqualTo(RejectReason.OTHER);
  }
}
