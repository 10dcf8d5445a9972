package io.logpipe.processor.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.testing.SystemClockParser;
import io.logpipe.schemas.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The parser is total: whatever the bytes, it returns an event or a reason, never throws, and never
 * lands in its defensive catch-all (reason OTHER), which only a parser bug would reach.
 *
 * <p>Randomised over thousands of generated inputs from fixed seeds, so that a failure names a
 * reproducible input (the assertion message carries it in hex).
 */
class LogLineParserPropertiesTest {

  private static final String[] VALID = {
    "{\"ts\":\"2025-12-24T17:36:03.210929Z\",\"host\":\"api.myapp.com\",\"method\":\"GET\","
        + "\"path\":\"/api/v1/login?x=1\",\"status\":503,\"bytes\":37992,\"ip\":\"41.251.52.13\","
        + "\"ua\":\"curl/8.0\",\"rt_ms\":1556}",
    "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/a.png HTTP/1.1\" 200 203023 "
        + "\"http://semicomplete.com/\" \"Mozilla/5.0 \\\"x\\\"\"",
    "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"POST /apache_pb.gif HTTP/1.0\" 304 -",
    "shop.example.com:443 10.1.1.1 - - [01/Jan/2024:00:00:59 +0100] \"GET /?q=1 HTTP/2.0\" 201 12 \"-\" \"ua\""
  };

  private final LogLineParser parser = SystemClockParser.of(4096, "default", ZoneOffset.UTC);

  @Test
  void arbitraryBytesYieldAnEventOrAReason() {
    SplittableRandom random = new SplittableRandom(20261124L);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[random.nextInt(301)];
      for (int k = 0; k < bytes.length; k++) {
        bytes[k] = (byte) random.nextInt(256);
      }
      assertTotal(bytes);
    }
  }

  @Test
  void mutatedValidLinesYieldAnEventOrAReason() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int i = 0; i < 5_000; i++) {
      assertTotal(
          mutate(VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8), random));
    }
  }

  @Test
  void validLinesAreAlwaysCurated() {
    SplittableRandom random = new SplittableRandom(42L);
    for (int i = 0; i < 1_000; i++) {
      String line = validLine(random);
      ParseOutcome o = parser.parse(RawLine.of(line.getBytes(StandardCharsets.UTF_8)));
      assertThat(o).as(line).isInstanceOf(ParseOutcome.Parsed.class);
      assertThat(((ParseOutcome.Parsed) o).event().getHost()).as(line).isNotEmpty();
    }
  }

  private void assertTotal(byte[] line) {
    String input = HexFormat.of().formatHex(line);
    ParseOutcome o = parser.parse(RawLine.of(line));
    assertThat(o).as(input).isNotNull();
    if (o instanceof ParseOutcome.Rejected r) {
      assertThat(r.reason())
          .as("%s for input %s", r.message(), input)
          .isNotEqualTo(RejectReason.OTHER);
      assertThat(r.message()).as(input).isNotBlank();
    } else {
      var e = ((ParseOutcome.Parsed) o).event();
      assertThat(e.getPath()).as(input).startsWith("/");
      assertThat(e.getStatus()).as(input).isBetween(100, 599);
      assertThat(e.getBytes()).as(input).isNotNegative();
      assertThat(e.getHost()).as(input).isNotEmpty();
    }
  }

  private static String validLine(SplittableRandom r) {
    int status = 100 + r.nextInt(500);
    long bytes = r.nextLong(10_000_001L);
    String alphabet = "abcdefghijklmnopqrstuvwxyz/-._";
    StringBuilder path = new StringBuilder("/");
    for (int k = r.nextInt(41); k > 0; k--) {
      path.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    int sec = r.nextInt(60);
    return r.nextBoolean()
        ? String.format(
            "{\"ts\":\"2025-03-04T05:06:%02d.123Z\",\"host\":\"h\",\"method\":\"GET\","
                + "\"path\":\"%s\",\"status\":%d,\"bytes\":%d,\"ip\":\"1.2.3.4\"}",
            sec, path, status, bytes)
        : String.format(
            "1.2.3.4 - - [04/Mar/2025:05:06:%02d +0000] \"GET %s HTTP/1.1\" %d %d \"-\" \"ua\"",
            sec, path, status, bytes);
  }

  /**
   * One to six edits: overwrite a byte, truncate, or duplicate a slice (repeated quotes, brackets,
   * digits).
   */
  private static byte[] mutate(byte[] line, SplittableRandom random) {
    byte[] b = line.clone();
    int len = b.length;
    for (int k = 1 + random.nextInt(6); k > 0; k--) {
      int op = random.nextInt(3);
      int at = random.nextInt(len);
      if (op == 0) {
        b[at] = (byte) random.nextInt(256);
      } else if (op == 1) {
        len = at;
        if (len == 0) {
          break;
        }
      } else {
        int from = random.nextInt(len);
        int n = Math.min(len - from, random.nextInt(12));
        byte[] grown = new byte[len + n];
        System.arraycopy(b, 0, grown, 0, at);
        System.arraycopy(b, from, grown, at, n);
        System.arraycopy(b, at, grown, at + n, len - at);
        b = grown;
        len += n;
      }
    }
    return Arrays.copyOf(b, len);
  }
}
