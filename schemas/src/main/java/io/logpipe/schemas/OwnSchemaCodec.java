package io.logpipe.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro single-object encoding for one schema, this build's own, on the hot path of every stage: the
 * header is compared and written as fixed bytes, bodies are read straight from the array with
 * Avro's fast reader (the schema pair is resolved once, not per field) and written through a
 * buffered encoder (not byte by byte). The output is byte for byte what Avro's {@code
 * BinaryMessageEncoder} writes. Records of other writer schemas are not its business: {@link
 * AvroSerde} resolves those through its schema store.
 *
 * <p>Thread-safe: readers, writers and buffers are per thread.
 */
final class OwnSchemaCodec<T> {

  private final Schema schema;
  private final byte[] header;
  private final ThreadLocal<PerThread<T>> perThread;

  OwnSchemaCodec(SpecificData model, Schema schema) {
    this.schema = schema;
    this.header = singleObjectHeader(schema);
    // LogEvent, the record of every curated line, has its own writer; the others go through Avro's.
    boolean logEvents = schema.equals(LogEvent.getClassSchema());
    this.perThread = ThreadLocal.withInitial(() -> new PerThread<>(model, schema, logEvents));
  }

  Schema schema() {
    return schema;
  }

  /** Whether {@code data} starts with this schema's header (marker and fingerprint). */
  boolean isOwn(byte[] data) {
    return data.length >= header.length
        && Arrays.equals(data, 0, header.length, header, 0, header.length);
  }

  /** Reads a record whose header {@link #isOwn} accepted. */
  T read(byte[] data) throws IOException {
    PerThread<T> t = perThread.get();
    t.decoder =
        DecoderFactory.get()
            .binaryDecoder(data, header.length, data.length - header.length, t.decoder);
    return t.reader.read(null, t.decoder);
  }

  /** Header and body of {@code datum}, in a new array. */
  byte[] write(T datum) throws IOException {
    PerThread<T> t = perThread.get();
    if (t.logEvents != null) {
      return t.logEvents.write(header, (LogEvent) datum);
    }
    // Reconfiguring first: it flushes what a failed previous write left in the encoder's buffer,
    // which the reset then discards.
    t.encoder = EncoderFactory.get().binaryEncoder(t.out, t.encoder);
    t.out.reset();
    t.out.write(header);
    t.writer.write(datum, t.encoder);
    t.encoder.flush();
    return t.out.toByteArray();
  }

  private static final class PerThread<T> {
    final DatumReader<T> reader;
    final DatumWriter<T> writer;
    final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    final LogEventBody logEvents;
    BinaryDecoder decoder;
    BinaryEncoder encoder;

    PerThread(SpecificData model, Schema schema, boolean logEvents) {
      this.logEvents = logEvents ? new LogEventBody() : null;
      DatumReader<T> fast;
      try {
        @SuppressWarnings("unchecked")
        DatumReader<T> r =
            (DatumReader<T>) model.getFastReaderBuilder().createDatumReader(schema, schema);
        fast = r;
      } catch (IOException | RuntimeException e) {
        fast =
            new SpecificDatumReader<>(
                schema, schema, model); // the fast reader declined this schema
      }
      this.reader = fast;
      this.writer = new SpecificDatumWriter<>(schema, model);
    }
  }

  /**
   * The 10-byte single-object header: marker C3 01, then the CRC-64-AVRO fingerprint,
   * little-endian.
   */
  private static byte[] singleObjectHeader(Schema schema) {
    long fp = SchemaNormalization.parsingFingerprint64(schema);
    byte[] h = new byte[AvroSerde.HEADER_BYTES];
    h[0] = (byte) 0xC3;
    h[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      h[2 + i] = (byte) (fp >>> (8 * i));
    }
    return h;
  }
}
