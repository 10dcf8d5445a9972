package io.logpipe.ingest.generator;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A reusable byte buffer the generator writes one line into. Every value it writes is ASCII (hosts
 * are validated, the catalogue is ASCII), so strings are copied char by char without an encoder;
 * this keeps the generator far cheaper than the producer that sends its lines.
 */
final class LineBuffer {

  private byte[] buf = new byte[512];
  private int len;
  private long cachedSecond = Long.MIN_VALUE;
  private final byte[] cachedSecondText = new byte[19];

  void reset() {
    len = 0;
  }

  int length() {
    return len;
  }

  void truncate(int newLength) {
    len = newLength;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  LineBuffer ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  LineBuffer raw(byte[] bytes) {
    return raw(bytes, 0, bytes.length);
  }

  LineBuffer raw(byte[] bytes, int from, int length) {
    ensure(length);
    System.arraycopy(bytes, from, buf, len, length);
    len += length;
    return this;
  }

  LineBuffer number(long v) {
    if (v < 0) {
      ensure(1);
      buf[len++] = '-';
      if (v == Long.MIN_VALUE) {
        return ascii("9223372036854775808");
      }
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    len += digits;
    return this;
  }

  /**
   * ISO-8601 instant with exactly six fractional digits and 'Z', e.g. 2025-12-24T17:36:03.210929Z.
   */
  LineBuffer timestamp(long epochMicros) {
    long second = Math.floorDiv(epochMicros, 1_000_000L);
    int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
    if (second != cachedSecond) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      String s =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d",
              t.getYear(),
              t.getMonthValue(),
              t.getDayOfMonth(),
              t.getHour(),
              t.getMinute(),
              t.getSecond());
      System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, cachedSecondText, 0, 19);
      cachedSecond = second;
    }
    ensure(27);
    System.arraycopy(cachedSecondText, 0, buf, len, 19);
    len += 19;
    buf[len++] = '.';
    for (int i = len + 5; i >= len; i--) {
      buf[i] = (byte) ('0' + micros % 10);
      micros /= 10;
    }
    len += 6;
    buf[len++] = 'Z';
    return this;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
