package io.logpipe.processor.parse;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.RejectReason;
import java.time.Instant;

/**
 * The fields a format parser extracted, validated in one place so that every format obeys the same
 * rules: status 100–599, path starting with '/', non-negative bytes and response time, a host that
 * is never empty.
 */
final class EventFields {

  Instant ts;
  String host;
  String method;
  String target;
  String query;
  int status;
  long bytes;
  String ip;
  String ua;
  String referrer;
  Long rtMs;

  /** JSON only: whether the numeric fields were present (0 is a valid value). */
  boolean hasStatus;

  boolean hasBytes;

  LogEvent toEvent(LogFormat format, RawLine raw, String defaultHost) throws LineRejectedException {
    if (method == null || method.isEmpty()) {
      throw new LineRejectedException(RejectReason.MISSING_FIELD, "missing HTTP method");
    }
    if (ip == null || ip.isEmpty()) {
      throw new LineRejectedException(RejectReason.MISSING_FIELD, "missing client address");
    }
    if (status < 100 || status > 599) {
      throw new LineRejectedException(
          RejectReason.BAD_STATUS, "status " + status + " outside 100-599");
    }
    if (bytes < 0) {
      throw new LineRejectedException(RejectReason.BAD_NUMBER, "negative bytes " + bytes);
    }
    if (rtMs != null && rtMs < 0) {
      throw new LineRejectedException(RejectReason.BAD_NUMBER, "negative rt_ms " + rtMs);
    }
    String path = pathOf(target);
    String q = query;
    int mark = path.indexOf('?');
    if (mark >= 0) {
      q = path.substring(mark + 1);
      path = path.substring(0, mark);
    }
    String h = firstNonEmpty(host, raw.headerHost(), defaultHost);
    // The all-args constructor: Avro's builder validates and deep-copies every field, several times
    // slower.
    return new LogEvent(
        ts,
        h,
        method,
        path,
        q,
        status,
        bytes,
        ip,
        dashToNull(ua),
        dashToNull(referrer),
        rtMs,
        format,
        raw.topic(),
        raw.partition(),
        raw.offset());
  }

  /** The request target without scheme and authority (proxy requests log absolute URIs). */
  private static String pathOf(String target) throws LineRejectedException {
    if (target == null || target.isEmpty()) {
      throw new LineRejectedException(RejectReason.BAD_PATH, "missing request path");
    }
    if (target.charAt(0) == '/') {
      return target;
    }
    int scheme = target.indexOf("://");
    if (scheme > 0 && (target.regionMatches(true, 0, "http", 0, 4))) {
      int slash = target.indexOf('/', scheme + 3);
      int mark = target.indexOf('?', scheme + 3);
      if (slash < 0 || (mark >= 0 && mark < slash)) {
        return mark < 0 ? "/" : "/" + target.substring(mark);
      }
      return target.substring(slash);
    }
    throw new LineRejectedException(
        RejectReason.BAD_PATH,
        "path does not start with '/': '" + EventTimeParser.abbreviate(target) + "'");
  }

  private static String dashToNull(String s) {
    return s == null || s.isEmpty() || "-".equals(s) ? null : s;
  }

  private static String firstNonEmpty(String a, String b, String c) {
    if (a != null && !a.isEmpty() && !"-".equals(a)) {
      return a;
    }
    if (b != null && !b.isEmpty()) {
      return b;
    }
    return c;
  }
}
