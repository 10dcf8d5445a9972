package io.logpipe.schemas;

/**
 * Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF), with an ASCII fast
 * path. Every text field of the contracts is valid UTF-8: the processor rejects raw lines that are
 * not, and readers that take Avro strings as bytes (the sink) check them with this.
 */
public final class StrictUtf8 {

  private static final java.lang.invoke.VarHandle WORD =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private StrictUtf8() {}

  /**
   * Index of the first byte that starts an invalid sequence, or -1 when the whole array is valid
   * UTF-8.
   */
  public static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      // ASCII fast path, eight bytes at a time: log lines are nearly all ASCII.
      while (i + 8 <= to && ((long) WORD.get(b, i) & 0x8080808080808080L) == 0) {
        i += 8;
      }
      if (i >= to) {
        break;
      }
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      int need;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + need >= to) {
        return i;
      }
      int cp = c & (0x3F >> need);
      for (int k = 1; k <= need; k++) {
        int cont = b[i + k] & 0xFF;
        if ((cont & 0xC0) != 0x80) {
          return i;
        }
        cp = (cp << 6) | (cont & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return i;
      }
      i += need + 1;
    }
    return -1;
  }
}
