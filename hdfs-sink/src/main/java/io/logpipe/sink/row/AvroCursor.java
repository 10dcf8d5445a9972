package io.logpipe.sink.row;

import java.io.EOFException;
import java.io.IOException;

/**
 * Reads the Avro binary primitives a {@link RowCodec} needs (zig-zag varints, length-prefixed
 * strings) straight from a record's array, in place: Avro's {@code BinaryDecoder} does the same
 * reads but costs a byte source and a buffer hand-over per record, which the sink's profile showed
 * at about an eighth of a writer's time. Lengths and varints are checked as Avro checks them (at
 * most 5 bytes an int, 10 a long, no negative length, nothing past the end), so a record one
 * accepts the other accepts too ({@code RowCodecTest} compares them on random corruptions).
 */
final class AvroCursor {

  private byte[] buf;
  private int pos;

  /** Reads {@code data} from {@code from} to its end. */
  void reset(byte[] data, int from) {
    this.buf = data;
    this.pos = from;
  }

  int position() {
    return pos;
  }

  int readInt() throws IOException {
    int n =
        (int)
            varint(
                5, "Invalid int encoding"); // as Avro's: bits past 32 dropped, a 6th byte refused
    return (n >>> 1) ^ -(n & 1);
  }

  long readLong() throws IOException {
    long n = varint(10, "Invalid long encoding");
    return (n >>> 1) ^ -(n & 1);
  }

  /** The raw (still zig-zag encoded) varint at the cursor, of at most {@code maxBytes} bytes. */
  private long varint(int maxBytes, String tooLong) throws IOException {
    int b = next();
    long n = b & 0x7f;
    for (int shift = 7; b > 0x7f; shift += 7) {
      if (shift >= 7 * maxBytes) {
        throw new IOException(tooLong);
      }
      b = next();
      n ^= (b & 0x7fL) << shift;
    }
    return n;
  }

  /**
   * Reads a string's length and steps over its bytes; they start at {@link #position()} as it was
   * before.
   */
  int skipString() throws IOException {
    int length = readInt();
    if (length < 0) {
      throw new IOException("Malformed data. Length is negative: " + length);
    }
    if (length > buf.length - pos) {
      throw new EOFException("string of " + length + " bytes past the end of the record");
    }
    pos += length;
    return length;
  }

  private int next() throws EOFException {
    if (pos >= buf.length) {
      throw new EOFException("record ends inside a number");
    }
    return buf[pos++] & 0xff;
  }
}
