package io.logpipe.processor.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.logpipe.schemas.RejectReason;
import java.io.IOException;

/**
 * Reads one JSON object per line: the common flat layout through {@link FlatJsonScanner}, anything
 * else with Jackson's streaming parser (no tree, no reflection), which also words every rejection.
 * Known fields: {@code ts, host, method, path, query, status, bytes, ip, ua, referrer|referer,
 * rt_ms}; others are skipped.
 */
final class JsonLineParser {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final EventTimeParser time;

  JsonLineParser(EventTimeParser time) {
    this.time = time;
  }

  EventFields parse(byte[] b, int from, int to) throws LineRejectedException {
    EventFields flat = new FlatJsonScanner(time).scan(b, from, to);
    if (flat != null) {
      return flat; // the common layout, read without Jackson
    }
    return general(b, from, to);
  }

  /** Jackson's reading of the line: every layout, and the reason of every rejection. */
  EventFields general(byte[] b, int from, int to) throws LineRejectedException {
    EventFields f = new EventFields();
    LineRejectedException fieldError = null;
    try (JsonParser p = FACTORY.createParser(b, from, to - from)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NULL) {
          continue; // null is treated as absent
        }
        try {
          readField(p, name, v, f);
        } catch (LineRejectedException e) {
          // Keep scanning: a syntax error later in the line outranks a bad value (the line is not
          // JSON at all).
          if (fieldError == null) {
            fieldError = e;
          }
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw malformed("unexpected " + t);
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw malformed("content after the JSON object");
      }
    } catch (InputCoercionException e) {
      throw new LineRejectedException(
          RejectReason.BAD_NUMBER, "number out of range: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw malformed(firstLine(e.getMessage()));
    }
    if (fieldError != null) {
      throw fieldError;
    }
    requirePresent(f.ts != null, "ts");
    requirePresent(f.method != null, "method");
    requirePresent(f.target != null, "path");
    requirePresent(f.hasStatus, "status");
    requirePresent(f.hasBytes, "bytes");
    requirePresent(f.ip != null, "ip");
    return f;
  }

  private void readField(JsonParser p, String name, JsonToken v, EventFields f)
      throws IOException, LineRejectedException {
    switch (name) {
      case "ts" -> {
        if (v != JsonToken.VALUE_STRING) {
          throw new LineRejectedException(
              RejectReason.BAD_TIMESTAMP, "ts must be an ISO-8601 string");
        }
        f.ts = time.iso(p.getText());
      }
      case "host" -> f.host = text(p, v, name);
      case "method" -> f.method = text(p, v, name);
      case "path" -> f.target = text(p, v, name);
      case "query" -> f.query = text(p, v, name);
      case "ip" -> f.ip = text(p, v, name);
      case "ua" -> f.ua = text(p, v, name);
      case "referrer", "referer" -> f.referrer = text(p, v, name);
      case "status" -> {
        if (v != JsonToken.VALUE_NUMBER_INT) {
          throw new LineRejectedException(RejectReason.BAD_STATUS, "status must be an integer");
        }
        long status = longValue(p, RejectReason.BAD_STATUS, name);
        f.status = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, status));
        f.hasStatus = true;
      }
      case "bytes" -> {
        f.bytes = number(p, v, name);
        f.hasBytes = true;
      }
      case "rt_ms" -> f.rtMs = number(p, v, name);
      default -> p.skipChildren();
    }
  }

  private static void requirePresent(boolean present, String field) throws LineRejectedException {
    if (!present) {
      throw new LineRejectedException(RejectReason.MISSING_FIELD, "missing field '" + field + "'");
    }
  }

  private static String text(JsonParser p, JsonToken v, String name)
      throws IOException, LineRejectedException {
    if (v != JsonToken.VALUE_STRING) {
      throw new LineRejectedException(
          RejectReason.MISSING_FIELD, "field '" + name + "' must be a string");
    }
    return p.getText();
  }

  private static long longValue(JsonParser p, RejectReason reason, String name)
      throws IOException, LineRejectedException {
    try {
      return p.getLongValue();
    } catch (InputCoercionException e) {
      throw new LineRejectedException(reason, "field '" + name + "' out of range");
    }
  }

  /**
   * Integers as they are; fractions (some servers log 12.5 ms) rounded; anything else is
   * BAD_NUMBER.
   */
  private static long number(JsonParser p, JsonToken v, String name)
      throws IOException, LineRejectedException {
    if (v == JsonToken.VALUE_NUMBER_INT) {
      return longValue(p, RejectReason.BAD_NUMBER, name);
    }
    if (v == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (Double.isFinite(d) && Math.abs(d) < 9.0e18) {
        return Math.round(d);
      }
    }
    throw new LineRejectedException(
        RejectReason.BAD_NUMBER, "field '" + name + "' must be a number");
  }

  private static LineRejectedException malformed(String why) {
    return new LineRejectedException(RejectReason.MALFORMED_JSON, "malformed JSON: " + why);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return EventTimeParser.abbreviate(nl < 0 ? s : s.substring(0, nl));
  }
}
