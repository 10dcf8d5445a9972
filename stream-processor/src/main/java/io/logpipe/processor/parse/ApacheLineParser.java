package io.logpipe.processor.parse;

import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.RejectReason;

/**
 * Apache/Nginx text formats, told apart by their shape:
 *
 * <pre>
 * common          %h %l %u %t "%r" %&gt;s %b
 * combined        %h %l %u %t "%r" %&gt;s %b "%{Referer}i" "%{User-Agent}i"
 * vhost_combined  %v:%p %h %l %u %t "%r" %&gt;s %O "%{Referer}i" "%{User-Agent}i"
 * </pre>
 *
 * A hand-written scanner rather than a regular expression: it is several times faster and says
 * precisely which part of a line is wrong. Quoted fields honour Apache's {@code \"} and {@code \\}
 * escapes; anything after the user agent (Nginx adds fields such as X-Forwarded-For) is ignored.
 */
final class ApacheLineParser {

  private final EventTimeParser time;

  ApacheLineParser(EventTimeParser time) {
    this.time = time;
  }

  /** The format found, and the fields in {@code out}. */
  LogFormat parse(String s, EventFields out) throws LineRejectedException {
    int bracket = s.indexOf(" [");
    if (bracket < 0) {
      throw unknown("no [timestamp]");
    }
    // Before the timestamp: "%h %l %u" (3 tokens) or "%v:%p %h %l %u" (4 tokens).
    String[] head = s.substring(0, bracket).split(" ", -1);
    LogFormat format;
    int ipAt;
    if (head.length == 3) {
      format = LogFormat.COMBINED;
      ipAt = 0;
    } else if (head.length == 4) {
      format = LogFormat.VHOST_COMBINED;
      ipAt = 1;
      out.host = vhost(head[0]);
    } else {
      throw unknown("expected 3 or 4 fields before the timestamp, found " + head.length);
    }
    for (String token : head) {
      if (token.isEmpty()) {
        throw unknown("empty field before the timestamp");
      }
    }
    out.ip = head[ipAt];

    int tsStart = bracket + 2;
    int tsEnd = s.indexOf(']', tsStart);
    if (tsEnd < 0) {
      throw unknown("unterminated [timestamp]");
    }
    out.ts = time.apache(s.substring(tsStart, tsEnd));

    int i = tsEnd + 1;
    i = expect(s, i, ' ');
    StringBuilder quoted = new StringBuilder(128);
    i = quoted(s, i, quoted, "request");
    request(quoted.toString(), out);

    i = expect(s, i, ' ');
    int statusEnd = tokenEnd(s, i);
    out.status = status(s.substring(i, statusEnd));
    i = expect(s, statusEnd, ' ');
    int bytesEnd = tokenEnd(s, i);
    out.bytes = bytes(s.substring(i, bytesEnd));
    i = bytesEnd;

    if (i == s.length()) {
      if (format == LogFormat.VHOST_COMBINED) {
        throw unknown("vhost_combined line without referrer and user agent");
      }
      return LogFormat.COMMON;
    }
    i = expect(s, i, ' ');
    quoted.setLength(0);
    i = quoted(s, i, quoted, "referrer");
    out.referrer = quoted.toString();
    if (i < s.length()) {
      i = expect(s, i, ' ');
      quoted.setLength(0);
      quoted(s, i, quoted, "user agent");
      out.ua = quoted.toString();
    }
    return format;
  }

  private static String vhost(String token) throws LineRejectedException {
    int colon = token.lastIndexOf(':');
    // IPv6 literals contain colons; only a numeric suffix is a port.
    if (colon > 0 && colon < token.length() - 1 && allDigits(token, colon + 1, token.length())) {
      return token.substring(0, colon);
    }
    return token;
  }

  private static void request(String r, EventFields out) throws LineRejectedException {
    int sp1 = r.indexOf(' ');
    if (sp1 <= 0) {
      // Apache logs "-" for requests that never completed (e.g. 408): no method, no path.
      throw new LineRejectedException(
          RejectReason.BAD_PATH, "no request line: '" + EventTimeParser.abbreviate(r) + "'");
    }
    out.method = r.substring(0, sp1);
    int sp2 = r.lastIndexOf(' ');
    // "GET /path HTTP/1.1" or HTTP/0.9's "GET /path".
    out.target =
        sp2 > sp1 && r.startsWith("HTTP/", sp2 + 1)
            ? r.substring(sp1 + 1, sp2)
            : r.substring(sp1 + 1);
  }

  private static int status(String token) throws LineRejectedException {
    if (token.isEmpty() || token.length() > 3 || !allDigits(token, 0, token.length())) {
      throw new LineRejectedException(
          RejectReason.BAD_STATUS,
          "status '" + EventTimeParser.abbreviate(token) + "' is not a number");
    }
    return Integer.parseInt(token);
  }

  private static long bytes(String token) throws LineRejectedException {
    if ("-".equals(token)) {
      return 0;
    }
    if (token.isEmpty() || token.length() > 18 || !allDigits(token, 0, token.length())) {
      throw new LineRejectedException(
          RejectReason.BAD_NUMBER,
          "bytes '" + EventTimeParser.abbreviate(token) + "' is not a non-negative number");
    }
    return Long.parseLong(token);
  }

  /**
   * Reads a double-quoted field starting at {@code i} into {@code out}; returns the index after the
   * quote.
   */
  private static int quoted(String s, int i, StringBuilder out, String what)
      throws LineRejectedException {
    if (i >= s.length() || s.charAt(i) != '"') {
      throw unknown("expected a quoted " + what);
    }
    i++;
    int run =
        i; // start of the text not yet copied: copied in runs between escapes, not char by char
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
        out.append(s, run, i).append(s.charAt(i + 1));
        i += 2;
        run = i;
      } else if (c == '"') {
        out.append(s, run, i);
        return i + 1;
      } else {
        i++;
      }
    }
    throw unknown("unterminated quoted " + what);
  }

  private static int expect(String s, int i, char c) throws LineRejectedException {
    if (i >= s.length() || s.charAt(i) != c) {
      throw unknown("unexpected content at column " + i);
    }
    return i + 1;
  }

  private static int tokenEnd(String s, int i) {
    int sp = s.indexOf(' ', i);
    return sp < 0 ? s.length() : sp;
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static LineRejectedException unknown(String why) {
    return new LineRejectedException(
        RejectReason.UNKNOWN_FORMAT, "not JSON, common, combined or vhost_combined: " + why);
  }
}
