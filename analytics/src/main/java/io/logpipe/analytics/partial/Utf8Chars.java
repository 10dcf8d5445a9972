package io.logpipe.analytics.partial;

import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A UTF-8 string's bytes seen as characters, one per byte, without copying: enough for {@link
 * ClientIps#ipv4} (a canonical IPv4 address is ASCII; any other byte makes it no address).
 */
final class Utf8Chars implements CharSequence {

  private Object base;
  private long offset;
  private int length;

  /** Points this view at {@code s} (valid while {@code s}'s row is). */
  Utf8Chars of(UTF8String s) {
    base = s.getBaseObject();
    offset = s.getBaseOffset();
    length = s.numBytes();
    return this;
  }

  /** Points this view at {@code bytes} (valid while they are unchanged). */
  Utf8Chars of(byte[] bytes) {
    base = bytes;
    offset = Platform.BYTE_ARRAY_OFFSET;
    length = bytes.length;
    return this;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return (char) (Platform.getByte(base, offset + index) & 0xFF);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    throw new UnsupportedOperationException();
  }
}
