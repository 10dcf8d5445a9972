package io.logpipe.schemas;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro class, in Avro's single-object encoding (2-byte marker, 8-byte
 * schema fingerprint, binary body). Records written with any schema version the {@link SchemaStore}
 * knows are resolved to this build's version of the class, so producers and consumers can be
 * upgraded independently.
 *
 * <p>Thread-safe: the codecs keep per-thread buffers.
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final OwnSchemaCodec<T> own;
  private final BinaryMessageDecoder<T> decoder;

  /**
   * A serde for {@code type} that resolves older and newer writer schemas through {@code store}.
   */
  public AvroSerde(Class<T> type, SchemaStore store) {
    this.type = Objects.requireNonNull(type, "type");
    // The class's own data model carries its logical-type conversions (timestamps).
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.own = new OwnSchemaCodec<>(model, schema);
    this.decoder =
        new BinaryMessageDecoder<>(model, schema, Objects.requireNonNull(store, "store"));
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return own.write(data);
    } catch (IOException
        | RuntimeException e) { // incl. ArithmeticException: an Instant out of the micros range
      throw new SerializationException(
          "Cannot serialize "
              + type.getSimpleName()
              + " for topic '"
              + topic
              + "': "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      // Records of this build's schema (nearly all) skip the schema store and the resolving
      // decoder.
      return own.isOwn(data) ? own.read(data) : decoder.decode(data);
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "Cannot deserialize "
              + type.getSimpleName()
              + " from topic '"
              + topic
              + "': unknown schema fingerprint ("
              + e.getMessage()
              + "); the writer used a schema this reader was not given",
          e);
    } catch (BadHeaderException e) {
      throw new SerializationException(
          "Cannot deserialize "
              + type.getSimpleName()
              + " from topic '"
              + topic
              + "': not Avro single-object encoding ("
              + e.getMessage()
              + ")",
          e);
    } catch (SerializationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Whatever a corrupt body makes the reader throw (EOF, bad lengths, union or enum indexes out
      // of range).
      throw new SerializationException(
          "Cannot deserialize "
              + type.getSimpleName()
              + " from topic '"
              + topic
              + "': corrupt Avro body ("
              + e
              + ")",
          e);
    }
  }

  /**
   * Length of the single-object header (2-byte marker, 8-byte fingerprint) that precedes every
   * body.
   */
  public static final int HEADER_BYTES = 10;

  /**
   * {@code data} in this build's schema: {@code data} itself when it was written with that schema
   * (nearly always: no copy), else the record resolved from its writer's schema and encoded again.
   * For readers that work on the encoded body rather than on objects; fails like {@link
   * #deserialize} on bytes it cannot read.
   */
  public byte[] toOwnSchema(String topic, byte[] data) {
    Objects.requireNonNull(data, "data");
    return own.isOwn(data) ? data : serialize(topic, deserialize(topic, data));
  }

  /** The schema this serde writes and resolves to (the generated class's). */
  public Schema schema() {
    return own.schema();
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
