package io.logpipe.processor.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

import io.logpipe.schemas.RejectReason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The parser is total: whatever the bytes, it returns an event or a reason, never throws, and never lands in
 * its defensive catch-all (reason OTHER), which only a parser bug would reach.
 */
class LogLineParserPropertiesTest {

  private static final String[] VALID = {
      "{\"ts\":\"2025-12-24T17:36:03.210929Z\",\"host\":\"api.myapp.com\",\"method\":\"GET\","
          + "\"path\":\"/api/v1/login?x=1\",\"status\":503,\"bytes\":37992,\"ip\":\"41.251.52.13\","
          + "\"ua\":\"curl/8.0\",\"rt_ms\":1556}",
      "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/a.png HTTP/1.1\" 200 203023 "
          + "\"http://semicomplete.com/\" \"Mozilla/5.0 \\\"x\\\"\"",
      "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"POST /apache_pb.gif HTTP/1.0\" 304 -",
      "shop.example.com:443 10.1.1.1 - - [01/Jan/2024:00:00:59 +0100] \"GET /?q=1 HTTP/2.0\" 201 12 \"-\" \"ua\""};

  private final LogLineParser parser = new LogLineParser(4096, "default", ZoneOffset.UTC);

  @Property(tries = 2000)
  void arbitraryBytesYieldAnEventOrAReason(@ForAll @Size(max = 300) byte[] bytes) {
    assertTotal(bytes);
  }

  @Property(tries = 3000)
  void mutatedValidLinesYieldAnEventOrAReason(@ForAll("mutatedLines") byte[] line) {
    assertTotal(line);
  }

  @Property(tries = 500)
  void validLinesAreAlwaysCurated(@ForAll("validLines") String line) {
    ParseOutcome o = parser.parse(RawLine.of(line.getBytes(StandardCharsets.UTF_8)));
    assertThat(o).isInstanceOf(ParseOutcome.Parsed.class);
    assertThat(((ParseOutcome.Parsed) o).event().getHost()).isNotEmpty();
  }

  private void assertTotal(byte[] line) {
    ParseOutcome o = parser.parse(RawLine.of(line));
    assertThat(o).isNotNull();
    if (o instanceof ParseOutcome.Rejected r) {
      assertThat(r.reason()).as(r.message()).isNotEqualTo(RejectReason.OTHER);
      assertThat(r.message()).isNotBlank();
    } else {
      var e = ((ParseOutcome.Parsed) o).event();
      assertThat(e.getPath()).startsWith("/");
      assertThat(e.getStatus()).isBetween(100, 599);
      assertThat(e.getBytes()).isNotNegative();
      assertThat(e.getHost()).isNotEmpty();
    }
  }

  @Provide
  Arbitrary<String> validLines() {
    Arbitrary<Integer> status = Arbitraries.integers().between(100, 599);
    Arbitrary<Long> bytes = Arbitraries.longs().between(0, 10_000_000);
    Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '-', '.', '_')
        .ofMaxLength(40).map(s -> "/" + s);
    Arbitrary<Integer> second = Arbitraries.integers().between(0, 59);
    return Combinators.combine(status, bytes, path, second, Arbitraries.of(true, false))
        .as((s, b, p, sec, json) -> json
            ? String.format("{\"ts\":\"2025-03-04T05:06:%02d.123Z\",\"host\":\"h\",\"method\":\"GET\","
                + "\"path\":\"%s\",\"status\":%d,\"bytes\":%d,\"ip\":\"1.2.3.4\"}", sec, p, s, b)
            : String.format("1.2.3.4 - - [04/Mar/2025:05:06:%02d +0000] \"GET %s HTTP/1.1\" %d %d \"-\" \"ua\"",
                sec, p, s, b));
  }

  @Provide
  Arbitrary<byte[]> mutatedLines() {
    Arbitrary<byte[]> base = Arbitraries.of(VALID).map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Combinators.combine(base, Arbitraries.integers().between(1, 6), Arbitraries.randomValue(r -> r))
        .as((line, edits, random) -> {
          byte[] b = line.clone();
          int len = b.length;
          for (int k = 0; k < edits; k++) {
            int op = random.nextInt(3);
            int at = random.nextInt(len);
            if (op == 0) {
              b[at] = (byte) random.nextInt(256); // overwrite with any byte
            } else if (op == 1) {
              len = at; // truncate
              if (len == 0) {
                break;
              }
            } else {
              // duplicate a slice: structural damage (repeated quotes, brackets, digits)
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
          return java.util.Arrays.copyOf(b, len);
        });
  }
}
