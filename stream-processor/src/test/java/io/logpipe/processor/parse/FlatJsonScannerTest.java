package io.logpipe.processor.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.logpipe.processor.testing.MixedLogLines;
import io.logpipe.schemas.StrictUtf8;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-level fast path never disagrees with Jackson: on every line it accepts, Jackson's path
 * gives the same fields; and it does accept the common layouts, or it would be no fast path.
 */
class FlatJsonScannerTest {

  private final EventTimeParser time = new EventTimeParser(ZoneOffset.UTC);
  private final JsonLineParser json = new JsonLineParser(time);

  @Test
  void acceptsTheGeneratedLinesAndAgreesWithJacksonOnThem() {
    int accepted = 0;
    int valid = 0;
    for (MixedLogLines.Line line :
        MixedLogLines.generate(20_000, Instant.parse("2025-12-24T17:00:00Z"), 1_000, 16L)) {
      if (line.bytes().length == 0 || line.bytes()[0] != '{') {
        continue;
      }
      accepted += compare(line.bytes()) ? 1 : 0;
      valid += line.valid() ? 1 : 0;
    }
    assertThat(accepted).isGreaterThanOrEqualTo(valid).isPositive();
  }

  @Test
  void acceptsThePeerProducersSpacedLayout() {
    String line =
        "{\"ts\": \"2025-12-24T17:36:03.210929Z\", \"host\": \"cdn.myapp.com\", \"method\": \"PUT\","
            + " \"path\": \"/health\", \"status\": 404, \"bytes\": 46183, \"ip\": \"41.251.56.41\","
            + " \"ua\": \"okhttp/4.10\", \"rt_ms\": 434}";
    assertThat(compare(line.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void agreesWithJacksonOnVariedAndMutatedLines() {
    SplittableRandom random = new SplittableRandom(1616L);
    int accepted = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] line = varied(random).getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(3) == 0) {
        line = mutate(line, random);
      }
      accepted += compare(line) ? 1 : 0;
    }
    assertThat(accepted).isGreaterThan(5_000);
  }

  /**
   * Runs the fast path on a trimmed, valid UTF-8 line starting with '{' (what the caller hands it);
   * when it accepts, Jackson must accept with the same fields. Whether it accepted.
   */
  private boolean compare(byte[] line) {
    int from = 0;
    int to = line.length;
    while (to > from && blank(line[to - 1])) {
      to--;
    }
    while (from < to && blank(line[from])) {
      from++;
    }
    if (from == to || line[from] != '{' || StrictUtf8.firstInvalid(line, from, to) >= 0) {
      return false;
    }
    String input = HexFormat.of().formatHex(line) + " " + new String(line, StandardCharsets.UTF_8);
    EventFields fast = new FlatJsonScanner(time).scan(line, from, to);
    if (fast == null) {
      return false;
    }
    try {
      assertThat(describe(fast)).as(input).isEqualTo(describe(json.general(line, from, to)));
    } catch (LineRejectedException e) {
      fail("fast path accepted what Jackson rejects (" + e.getMessage() + "): " + input);
    }
    return true;
  }

  private static boolean blank(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private static String describe(EventFields f) {
    return String.join(
        "|",
        String.valueOf(f.ts),
        f.host,
        f.method,
        f.target,
        f.query,
        f.status + "/" + f.hasStatus,
        f.bytes + "/" + f.hasBytes,
        f.ip,
        f.ua,
        f.referrer,
        String.valueOf(f.rtMs));
  }

  private static final String[] KEYS = {
    "ts",
    "host",
    "method",
    "path",
    "query",
    "status",
    "bytes",
    "ip",
    "ua",
    "referrer",
    "referer",
    "rt_ms",
    "extra",
    "t\\u0073",
    "hóst",
    "statuses"
  };

  /** A JSON object of known and unknown keys, in any order, with values of varied types. */
  private static String varied(SplittableRandom r) {
    List<String> parts = new ArrayList<>();
    parts.add(kv(r, "ts", "\"2025-03-04T05:06:" + String.format("%02d", r.nextInt(60)) + ".5Z\""));
    parts.add(kv(r, "method", "\"GET\""));
    parts.add(kv(r, "path", "\"/a" + (r.nextBoolean() ? "?q=1" : "") + "\""));
    parts.add(kv(r, "status", String.valueOf(100 + r.nextInt(500))));
    parts.add(kv(r, "bytes", String.valueOf(r.nextInt(100_000))));
    parts.add(kv(r, "ip", "\"10.0.0." + r.nextInt(256) + "\""));
    for (int k = r.nextInt(5); k > 0; k--) {
      parts.add(kv(r, KEYS[r.nextInt(KEYS.length)], value(r)));
    }
    for (int k = parts.size() - 1; k > 0; k--) { // shuffle
      int j = r.nextInt(k + 1);
      String t = parts.get(k);
      parts.set(k, parts.get(j));
      parts.set(j, t);
    }
    if (r.nextInt(20) == 0) {
      parts.remove(r.nextInt(parts.size()));
    }
    String sep = r.nextBoolean() ? "," : (r.nextBoolean() ? ", " : " ,\t");
    return (r.nextBoolean() ? "{" : "{ ")
        + String.join(sep, parts)
        + (r.nextBoolean() ? "}" : " }");
  }

  private static String kv(SplittableRandom r, String key, String value) {
    return "\"" + key + "\"" + (r.nextBoolean() ? ":" : " : ") + value;
  }

  private static final String[] VALUES = {
    "null",
    "true",
    "false",
    "0",
    "-0",
    "-12",
    "007",
    "12.5",
    "1e3",
    "-",
    "12345678901234567890",
    "123456789012345678",
    "\"\"",
    "\"x\"",
    "\"caf\u00e9\"",
    "\"a\\\"b\"",
    "\"a\\u0041\"",
    "\"tab\t\"",
    "[1,2]",
    "{\"a\":1}",
    "\"2025-01-01T00:00:00Z\"",
    "\"-\"",
    "\"/p?x=1\"",
    "\"http://h/p\"",
    "+1",
    "1x",
    "\"2025-13-01T00:00:00Z\""
  };

  private static String value(SplittableRandom r) {
    return VALUES[r.nextInt(VALUES.length)];
  }

  /** One to four edits: overwrite a byte with a JSON-significant one, cut, or duplicate a slice. */
  private static byte[] mutate(byte[] line, SplittableRandom r) {
    byte[] significant = "{}[]\",:\\ 0-9.enulltrue\t\u0001".getBytes(StandardCharsets.UTF_8);
    byte[] b = line.clone();
    int len = b.length;
    for (int k = 1 + r.nextInt(4); k > 0 && len > 1; k--) {
      int at = r.nextInt(len);
      switch (r.nextInt(3)) {
        case 0 -> b[at] = significant[r.nextInt(significant.length)];
        case 1 -> len = Math.max(1, at);
        default -> {
          int n = Math.min(1 + r.nextInt(8), len - at);
          byte[] grown = new byte[len + n];
          System.arraycopy(b, 0, grown, 0, at + n);
          System.arraycopy(b, at, grown, at + n, len - at);
          b = grown;
          len += n;
        }
      }
    }
    return java.util.Arrays.copyOf(b, len);
  }
}
