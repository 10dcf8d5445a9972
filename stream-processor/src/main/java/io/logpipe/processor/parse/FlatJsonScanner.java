package io.logpipe.processor.parse;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link JsonLineParser}: reads the common layout of JSON access-log lines (one
 * flat object; string values without escapes or control characters; integers; {@code null}) at the
 * byte level, with no parser object, token or field-name string per line. It only ever accepts: on
 * anything else (an escape, a fraction or exponent, a nested value, {@code true}/{@code false} in a
 * known field, a value of the wrong type, a timestamp {@link EventTimeParser} refuses, any syntax
 * error) it answers null and the line goes to the general Jackson parser, which decides and words
 * the rejection. So both paths give the same fields for every line this one accepts ({@code
 * FlatJsonScannerTest} compares them on the generated and mutated lines).
 *
 * <p>Expects bytes that are valid UTF-8 (the caller checks) and trimmed of blanks at both ends.
 */
final class FlatJsonScanner {

  private final EventTimeParser time;
  private byte[] b;
  private int pos;
  private int end;

  FlatJsonScanner(EventTimeParser time) {
    this.time = time;
  }

  /**
   * The line's fields, all required ones present, or null when the general parser must decide. Not
   * thread-safe: one scanner per line (it is small).
   */
  EventFields scan(byte[] line, int from, int to) {
    b = line;
    pos = from;
    end = to;
    EventFields f = new EventFields();
    if (!take('{')) {
      return null;
    }
    skipBlanks();
    if (pos < end && b[pos] == '}') {
      return null; // no fields: the general parser names the missing one
    }
    while (true) {
      skipBlanks();
      if (pos >= end || b[pos] != '"') {
        return null;
      }
      int keyStart = ++pos;
      int keyEnd = stringEnd();
      if (keyEnd < 0) {
        return null;
      }
      if (!take(':') || !field(keyStart, keyEnd - keyStart, f)) {
        return null;
      }
      skipBlanks();
      if (pos >= end) {
        return null;
      }
      byte c = b[pos++];
      if (c == '}') {
        return pos == end && complete(f) ? f : null;
      }
      if (c != ',') {
        return null;
      }
    }
  }

  private static boolean complete(EventFields f) {
    return f.ts != null
        && f.method != null
        && f.target != null
        && f.hasStatus
        && f.hasBytes
        && f.ip != null;
  }

  /** Reads the value of the key at {@code [k, k+n)} into {@code f}; false to give up. */
  private boolean field(int k, int n, EventFields f) {
    skipBlanks();
    if (pos >= end) {
      return false;
    }
    if (b[pos] == 'n') {
      return literal("null"); // null is absent, whatever the field
    }
    switch (n) {
      case 2:
        if (is(k, "ts")) {
          String ts = string();
          if (ts == null) {
            return false;
          }
          try {
            f.ts = time.iso(ts);
          } catch (LineRejectedException e) {
            return false;
          }
          return true;
        }
        if (is(k, "ip")) {
          return (f.ip = string()) != null;
        }
        if (is(k, "ua")) {
          return (f.ua = string()) != null;
        }
        break;
      case 4:
        if (is(k, "host")) {
          return (f.host = string()) != null;
        }
        if (is(k, "path")) {
          return (f.target = string()) != null;
        }
        break;
      case 5:
        if (is(k, "query")) {
          return (f.query = string()) != null;
        }
        if (is(k, "bytes")) {
          if (!integer()) {
            return false;
          }
          f.bytes = number;
          f.hasBytes = true;
          return true;
        }
        if (is(k, "rt_ms")) {
          if (!integer()) {
            return false;
          }
          f.rtMs = number;
          return true;
        }
        break;
      case 6:
        if (is(k, "method")) {
          return (f.method = string()) != null;
        }
        if (is(k, "status")) {
          if (!integer()) {
            return false;
          }
          // At most 18 digits, clamped to an int as the general parser does.
          f.status = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number));
          f.hasStatus = true;
          return true;
        }
        break;
      case 7:
        if (is(k, "referer")) {
          return (f.referrer = string()) != null;
        }
        break;
      case 8:
        if (is(k, "referrer")) {
          return (f.referrer = string()) != null;
        }
        break;
      default:
        break;
    }
    return skipScalar(); // an unknown field: skipped, as the general parser does
  }

  private boolean is(int k, String name) {
    for (int i = 0; i < name.length(); i++) {
      if (b[k + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** A string value, without escapes or control characters; null to give up. */
  private String string() {
    if (b[pos] != '"') {
      return null;
    }
    int start = ++pos;
    int stop = stringEnd();
    return stop < 0 ? null : new String(b, start, stop - start, StandardCharsets.UTF_8);
  }

  /** Steps past the closing quote of a string whose content starts at {@code pos}; -1: give up. */
  private int stringEnd() {
    while (pos < end) {
      byte c = b[pos++];
      if (c == '"') {
        return pos - 1;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        return -1;
      }
    }
    return -1;
  }

  private long number;

  /**
   * An integer as JSON writes it ({@code -?(0|[1-9][0-9]*)}), at most 18 digits, followed by a
   * delimiter; into {@link #number}.
   */
  private boolean integer() {
    boolean negative = pos < end && b[pos] == '-';
    if (negative) {
      pos++;
    }
    int start = pos;
    long v = 0;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      v = v * 10 + (b[pos++] - '0');
    }
    int digits = pos - start;
    if (digits == 0 || digits > 18 || (digits > 1 && b[start] == '0') || !delimiter()) {
      return false;
    }
    number = negative ? -v : v;
    return true;
  }

  private boolean skipScalar() {
    byte c = b[pos];
    if (c == '"') {
      pos++;
      return stringEnd() >= 0;
    }
    if (c == 't') {
      return literal("true");
    }
    if (c == 'f') {
      return literal("false");
    }
    return integer();
  }

  private boolean literal(String word) {
    if (end - pos < word.length() || !is(pos, word)) {
      return false;
    }
    pos += word.length();
    return delimiter();
  }

  /** Whether the next byte may follow a number or literal (it is not consumed). */
  private boolean delimiter() {
    if (pos >= end) {
      return true;
    }
    byte c = b[pos];
    return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private boolean take(char c) {
    skipBlanks();
    if (pos < end && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipBlanks() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }
}
