package io.logpipe.sink.row;

import io.logpipe.schemas.AvroSerde;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StrictUtf8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Reads curated records in their Avro binary form, field by field and without building objects:
 * {@link #read} checks a record value once (on the sink's polling thread, so a corrupt record is
 * quarantined, never retried), and {@link #write} hands a checked row's fields to a Parquet {@link
 * RecordConsumer} exactly as parquet-avro would for the same event (strings and enum symbols as
 * UTF-8 binaries, {@code ts} as its timestamp-micros long, nulls as absent optional fields). It
 * skips what parquet-avro's path costs per row: decoding each string into a Java {@code String} and
 * encoding it back into UTF-8, and the event and {@code Instant} objects. A record whose strings
 * are not valid UTF-8 is decoded and encoded again when read, so the stored values never differ
 * from parquet-avro's.
 *
 * <p>Driven by the schema: a flat record whose fields are {@code long}, {@code int}, {@code
 * string}, enums, or a union of {@code null} with one of those. Records of another writer schema
 * are first resolved to this build's ({@link AvroSerde#toOwnSchema}). Not thread-safe (it reuses a
 * cursor): one per thread.
 */
public final class RowCodec {

  private enum Kind {
    LONG,
    INT,
    STRING,
    ENUM
  }

  /**
   * How to read one field; {@code nullBranch} is the union index of null, or -1 when the field is
   * required.
   */
  private record Field(String name, int index, Kind kind, int nullBranch, Binary[] symbols) {}

  private static final String TS = "ts";

  private final AvroSerde<LogEvent> serde;
  private final Field[] fields;
  private final int tsIndex;
  private final AvroCursor in = new AvroCursor();

  public RowCodec() {
    this(LogpipeSerdes.logEvent());
  }

  RowCodec(AvroSerde<LogEvent> serde) {
    this.serde = serde;
    this.fields = plan(serde.schema());
    Schema.Field ts = serde.schema().getField(TS);
    if (ts == null || fields[ts.pos()].kind != Kind.LONG || fields[ts.pos()].nullBranch >= 0) {
      throw new IllegalArgumentException(
          "schema needs a required long field '" + TS + "': " + serde.schema());
    }
    this.tsIndex = ts.pos();
  }

  /**
   * Checks a record value of {@code topic} and returns its row.
   *
   * @throws SerializationException naming the topic and what is wrong, for a value no reader could
   *     decode
   */
  public EncodedRow read(String topic, byte[] value) {
    byte[] own = serde.toOwnSchema(topic, value);
    try {
      in.reset(own, AvroSerde.HEADER_BYTES);
      long ts = 0;
      boolean validText = true;
      for (Field f : fields) {
        if (!present(f)) {
          continue;
        }
        switch (f.kind) {
          case LONG -> {
            long v = in.readLong();
            if (f.index == tsIndex) {
              ts = v;
            }
          }
          case INT -> in.readInt();
          case STRING -> {
            int length = in.skipString();
            validText &= StrictUtf8.firstInvalid(own, in.position() - length, in.position()) < 0;
          }
          case ENUM -> {
            int symbol = in.readInt();
            if (symbol < 0 || symbol >= f.symbols.length) {
              throw new IOException("enum index " + symbol + " out of range in field " + f.name);
            }
          }
        }
      }
      // Strings are written as the bytes they are; Avro's reader replaces malformed UTF-8 (U+FFFD),
      // and so did
      // the sink when it decoded every row. Such a record (never the processor's) is decoded and
      // encoded again,
      // so the lake holds exactly that and always valid UTF-8.
      return new EncodedRow(
          validText ? own : serde.serialize(topic, serde.deserialize(topic, own)), ts);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot read a LogEvent from topic '" + topic + "': corrupt Avro body (" + e + ")", e);
    }
  }

  /** Writes a row {@link #read} accepted as one Parquet record. */
  public void write(EncodedRow row, RecordConsumer out) {
    byte[] value = row.value();
    try {
      in.reset(value, AvroSerde.HEADER_BYTES);
      out.startMessage();
      for (Field f : fields) {
        if (!present(f)) {
          continue;
        }
        out.startField(f.name, f.index);
        switch (f.kind) {
          case LONG -> out.addLong(in.readLong());
          case INT -> out.addInteger(in.readInt());
          case STRING -> {
            int length = in.skipString();
            // In place: Parquet copies what it keeps of a reused array (dictionary entries,
            // min/max).
            out.addBinary(Binary.fromReusedByteArray(value, in.position() - length, length));
          }
          case ENUM -> out.addBinary(f.symbols[in.readInt()]);
        }
        out.endField(f.name, f.index);
      }
      out.endMessage();
    } catch (IOException e) {
      throw new UncheckedIOException("a row that was checked no longer decodes", e);
    }
  }

  /**
   * Fails unless {@code parquet} (parquet-avro's conversion of the schema) has the fields in this
   * codec's order.
   */
  public void requireSameFields(MessageType parquet) {
    if (parquet.getFieldCount() != fields.length) {
      throw new IllegalStateException(
          "Parquet schema has "
              + parquet.getFieldCount()
              + " fields, Avro "
              + fields.length
              + ": "
              + parquet);
    }
    for (Field f : fields) {
      if (!parquet.getFieldName(f.index).equals(f.name)) {
        throw new IllegalStateException(
            "Parquet field "
                + f.index
                + " is "
                + parquet.getFieldName(f.index)
                + ", Avro's is "
                + f.name);
      }
    }
  }

  private boolean present(Field f) throws IOException {
    if (f.nullBranch < 0) {
      return true;
    }
    int branch = in.readInt();
    if (branch != 0 && branch != 1) {
      throw new IOException("union index " + branch + " out of range in field " + f.name);
    }
    return branch != f.nullBranch;
  }

  private static Field[] plan(Schema record) {
    List<Field> out = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      Schema s = f.schema();
      int nullBranch = -1;
      if (s.getType() == Schema.Type.UNION) {
        List<Schema> branches = s.getTypes();
        if (branches.size() != 2
            || branches.stream().noneMatch(b -> b.getType() == Schema.Type.NULL)) {
          throw new IllegalArgumentException(
              "field " + f.name() + ": only unions of null and one type: " + s);
        }
        nullBranch = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
        s = branches.get(1 - nullBranch);
      }
      Kind kind =
          switch (s.getType()) {
            case LONG -> Kind.LONG;
            case INT -> Kind.INT;
            case STRING -> Kind.STRING;
            case ENUM -> Kind.ENUM;
            default ->
                throw new IllegalArgumentException(
                    "field "
                        + f.name()
                        + ": type "
                        + s.getType()
                        + " is not supported by the row codec");
          };
      Binary[] symbols =
          kind != Kind.ENUM
              ? null
              : s.getEnumSymbols().stream().map(Binary::fromString).toArray(Binary[]::new);
      out.add(new Field(f.name(), f.pos(), kind, nullBranch, symbols));
    }
    return out.toArray(Field[]::new);
  }
}
