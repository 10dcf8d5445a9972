package io.logpipe.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Writes a {@link LogEvent}'s Avro binary body field by field, as generated code would, instead of
 * through {@code SpecificDatumWriter}: that walks the schema and looks a logical-type conversion up
 * for every field of every record, the processor's largest cost per curated line after parsing. The
 * bytes are exactly Avro's ({@code LogEventBodyTest} compares them on random events); the schema is
 * checked against a fingerprint once, so a schema change that this class does not follow fails at
 * start, never silently.
 *
 * <p>Not thread-safe: one per thread ({@link OwnSchemaCodec} keeps one per thread).
 */
final class LogEventBody {

  /**
   * Avro's 64-bit fingerprint of the whole schema this class writes (types, union order, enum
   * symbols, logical types; docs too, which is cheap to follow). Any change fails class loading, so
   * {@code LogEventBodyTest} fails in the build before a wrong byte can be written.
   */
  private static final long SCHEMA_FINGERPRINT = 0x82134ffc574ba24eL;

  static {
    Schema schema = LogEvent.getClassSchema();
    long actual =
        SchemaNormalization.fingerprint64(schema.toString().getBytes(StandardCharsets.UTF_8));
    if (actual != SCHEMA_FINGERPRINT) {
      throw new IllegalStateException(
          "LogEvent's schema changed (fingerprint "
              + Long.toHexString(actual)
              + "): update LogEventBody's field order and types, then SCHEMA_FINGERPRINT");
    }
  }

  private byte[] buf = new byte[512];
  private int pos;

  /** {@code header} then the body of {@code e}, in a new array. */
  byte[] write(byte[] header, LogEvent e) {
    pos = 0;
    raw(header);
    writeLong(micros(required(e.getTs(), "ts")));
    string(required(e.getHost(), "host"));
    string(required(e.getMethod(), "method"));
    string(required(e.getPath(), "path"));
    optionalString(e.getQuery());
    writeLong(e.getStatus());
    writeLong(e.getBytes());
    string(required(e.getIp(), "ip"));
    optionalString(e.getUa());
    optionalString(e.getReferrer());
    Long rt = e.getRtMs();
    if (rt == null) {
      writeLong(0);
    } else {
      writeLong(1);
      writeLong(rt);
    }
    writeLong(required(e.getFormat(), "format").ordinal());
    string(required(e.getRawTopic(), "raw_topic"));
    writeLong(e.getRawPartition());
    writeLong(e.getRawOffset());
    return Arrays.copyOf(buf, pos);
  }

  /** As Avro's timestamp-micros conversion: microseconds since the epoch, exact or it throws. */
  static long micros(Instant ts) {
    long seconds = ts.getEpochSecond();
    int nanos = ts.getNano();
    if (seconds < 0 && nanos > 0) {
      return Math.addExact(Math.multiplyExact(seconds + 1, 1_000_000L), nanos / 1_000L - 1_000_000);
    }
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000L);
  }

  private static <V> V required(V v, String field) {
    if (v == null) {
      throw new NullPointerException("null value for (non-nullable) LogEvent." + field);
    }
    return v;
  }

  /** Union {@code ["null", "string"]}: branch 0 is null. */
  private void optionalString(String s) {
    if (s == null) {
      writeLong(0);
    } else {
      writeLong(1);
      string(s);
    }
  }

  private void string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeLong(utf8.length);
    raw(utf8);
  }

  private void raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /** Zig-zag varint; an int is written the same way as a long of the same value. */
  private void writeLong(long v) {
    ensure(10);
    long n = (v << 1) ^ (v >> 63);
    while ((n & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buf[pos++] = (byte) n;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
