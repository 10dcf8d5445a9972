package io.logpipe.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro class, in Avro's single-object encoding (2-byte marker, 8-byte
 * schema fingerprint, binary body). Records written with any schema version the {@link SchemaStore}
 * knows are resolved to this build's version of the class, so producers and consumers can be upgraded
 * independently.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final byte[] ownHeader;
  private final ThreadLocal<OwnSchemaReader<T>> ownReader;

  /** A serde for {@code type} that resolves older and newer writer schemas through {@code store}. */
  public AvroSerde(Class<T> type, SchemaStore store) {
    this.type = Objects.requireNonNull(type, "type");
    // The class's own data model carries its logical-type conversions (timestamps).
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    // No copy inside the encoder: serialize() copies its thread-local buffer once, into the returned array.
    this.encoder = new BinaryMessageEncoder<>(model, schema, false);
    this.decoder = new BinaryMessageDecoder<>(model, schema, Objects.requireNonNull(store, "store"));
    this.ownHeader = singleObjectHeader(schema);
    this.ownReader = ThreadLocal.withInitial(() -> new OwnSchemaReader<>(model, schema));
  }

  /**
   * Reads bodies written with this build's own schema (the common case) straight from the array: no schema
   * lookup, no stream, and Avro's fast reader, which resolves the schema pair once instead of per field.
   * Other writer schemas take the resolving {@link BinaryMessageDecoder} path.
   */
  private static final class OwnSchemaReader<T> {
    private final DatumReader<T> reader;
    private BinaryDecoder reuse;

    OwnSchemaReader(SpecificData model, Schema schema) {
      DatumReader<T> fast;
      try {
        @SuppressWarnings("unchecked")
        DatumReader<T> r = (DatumReader<T>) model.getFastReaderBuilder().createDatumReader(schema, schema);
        fast = r;
      } catch (IOException | RuntimeException e) {
        fast = new SpecificDatumReader<>(schema, schema, model); // the fast reader declined this schema
      }
      this.reader = fast;
    }

    T read(byte[] data, int offset) throws IOException {
      reuse = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, reuse);
      return reader.read(null, reuse);
    }
  }

  /** The 10-byte single-object header (marker C3 01, little-endian CRC-64-AVRO fingerprint) of {@code schema}. */
  private static byte[] singleObjectHeader(Schema schema) {
    long fp = SchemaNormalization.parsingFingerprint64(schema);
    byte[] h = new byte[10];
    h[0] = (byte) 0xC3;
    h[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      h[2 + i] = (byte) (fp >>> (8 * i));
    }
    return h;
  }

  private boolean hasOwnHeader(byte[] data) {
    return data.length >= ownHeader.length
        && Arrays.equals(data, 0, ownHeader.length, ownHeader, 0, ownHeader.length);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(data);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new SerializationException(
          "Cannot serialize " + type.getSimpleName() + " for topic '" + topic + "': " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return hasOwnHeader(data) ? ownReader.get().read(data, ownHeader.length) : decoder.decode(data);
    } catch (MissingSchemaException e) {
      throw new SerializationException("Cannot deserialize " + type.getSimpleName() + " from topic '" + topic
          + "': unknown schema fingerprint (" + e.getMessage() + "); the writer used a schema this reader was not given", e);
    } catch (BadHeaderException e) {
      throw new SerializationException("Cannot deserialize " + type.getSimpleName() + " from topic '" + topic
          + "': not Avro single-object encoding (" + e.getMessage() + ")", e);
    } catch (SerializationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Whatever a corrupt body makes the reader throw (EOF, bad lengths, union or enum indexes out of range).
      throw new SerializationException("Cannot deserialize " + type.getSimpleName() + " from topic '" + topic
          + "': corrupt Avro body (" + e + ")", e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the schema store is given at construction.
  }

  @Override
  public void close() {
    // Nothing to release; Serializer/Deserializer/Serde each declare close().
  }
}
