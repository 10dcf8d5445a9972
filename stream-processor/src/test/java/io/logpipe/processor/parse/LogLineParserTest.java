package io.logpipe.processor.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.testing.SampleJsonEvent;
import io.logpipe.processor.testing.SystemClockParser;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogLineParserTest {

  private final LogLineParser parser =
      SystemClockParser.of(64 * 1024, "default.host", ZoneOffset.UTC);

  private static final String JSON =
      "{\"ts\":\"2025-12-24T17:36:03.210929Z\",\"host\":\"api.myapp.com\","
          + "\"method\":\"GET\",\"path\":\"/api/v1/login?next=%2Fhome&x=1\",\"status\":503,\"bytes\":37992,"
          + "\"ip\":\"41.251.52.13\",\"ua\":\"curl/8.0\",\"rt_ms\":1556,\"extra\":{\"nested\":[1,2]}}";

  private static final String COMBINED =
      "83.149.9.216 - - [17/May/2015:10:05:03 +0000] "
          + "\"GET /presentations/kibana-search.png?size=large HTTP/1.1\" 200 203023 "
          + "\"http://semicomplete.com/presentations/\" \"Mozilla/5.0 (X11) \\\"quoted\\\" agent\"";

  private LogEvent parsed(String line) {
    return parsed(new RawLine(line.getBytes(StandardCharsets.UTF_8), null, "logs_raw", 2, 41L));
  }

  private LogEvent parsed(RawLine raw) {
    ParseOutcome outcome = parser.parse(raw);
    assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
    return ((ParseOutcome.Parsed) outcome).event();
  }

  private ParseOutcome.Rejected rejected(byte[] line) {
    ParseOutcome outcome = parser.parse(new RawLine(line, null, "logs_raw", 0, 7L));
    assertThat(outcome).isInstanceOf(ParseOutcome.Rejected.class);
    return (ParseOutcome.Rejected) outcome;
  }

  private ParseOutcome.Rejected rejected(String line) {
    return rejected(line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonLineFillsEveryField() {
    LogEvent e = parsed(JSON);
    SampleJsonEvent.assertFields(e);
    assertThat(e.getQuery()).isEqualTo("next=%2Fhome&x=1");
    assertThat(e.getRawPartition()).isEqualTo(2);
    assertThat(e.getRawOffset()).isEqualTo(41L);
  }

  @Test
  void combinedLineFillsEveryFieldAndUnescapesQuotes() {
    LogEvent e =
        parsed(
            new RawLine(
                (COMBINED + "\n").getBytes(StandardCharsets.UTF_8),
                "www.example.org",
                "logs_raw",
                1,
                5L));
    assertThat(e.getTs()).isEqualTo(Instant.parse("2015-05-17T10:05:03Z"));
    assertThat(e.getHost()).isEqualTo("www.example.org");
    assertThat(e.getMethod()).isEqualTo("GET");
    assertThat(e.getPath()).isEqualTo("/presentations/kibana-search.png");
    assertThat(e.getQuery()).isEqualTo("size=large");
    assertThat(e.getStatus()).isEqualTo(200);
    assertThat(e.getBytes()).isEqualTo(203023L);
    assertThat(e.getIp()).isEqualTo("83.149.9.216");
    assertThat(e.getReferrer()).isEqualTo("http://semicomplete.com/presentations/");
    assertThat(e.getUa()).isEqualTo("Mozilla/5.0 (X11) \"quoted\" agent");
    assertThat(e.getRtMs()).isNull();
    assertThat(e.getFormat()).isEqualTo(LogFormat.COMBINED);
    assertThat(e.getRawPartition()).isEqualTo(1);
    assertThat(e.getRawOffset()).isEqualTo(5L);
  }

  @Test
  void commonLineWithDashBytesAndNoHeaderTakesDefaultHost() {
    LogEvent e =
        parsed(
            "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"POST /apache_pb.gif HTTP/1.0\" 304 -");
    assertThat(e.getFormat()).isEqualTo(LogFormat.COMMON);
    assertThat(e.getTs()).isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
    assertThat(e.getBytes()).isZero();
    assertThat(e.getHost()).isEqualTo("default.host");
    assertThat(e.getQuery()).isNull();
    assertThat(e.getUa()).isNull();
    assertThat(e.getReferrer()).isNull();
  }

  @Test
  void vhostCombinedTakesHostFromPrefixOverHeader() {
    String line =
        "shop.example.com:443 2001:db8::1 - - [01/Jan/2024:00:00:59 +0100] \"GET / HTTP/2.0\" 201 12 "
            + "\"-\" \"-\"";
    LogEvent e =
        parsed(new RawLine(line.getBytes(StandardCharsets.UTF_8), "header.host", "logs_raw", 0, 0));
    assertThat(e.getFormat()).isEqualTo(LogFormat.VHOST_COMBINED);
    assertThat(e.getHost()).isEqualTo("shop.example.com");
    assertThat(e.getIp()).isEqualTo("2001:db8::1");
    assertThat(e.getTs()).isEqualTo(Instant.parse("2023-12-31T23:00:59Z"));
    assertThat(e.getReferrer()).isNull();
    assertThat(e.getUa()).isNull();
  }

  @Test
  void jsonWithoutHostUsesHeaderThenDefault() {
    String line =
        "{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":1,"
            + "\"ip\":\"1.2.3.4\"}";
    assertThat(
            parsed(new RawLine(line.getBytes(StandardCharsets.UTF_8), "h.from.header", "t", 0, 0))
                .getHost())
        .isEqualTo("h.from.header");
    assertThat(parsed(line).getHost()).isEqualTo("default.host");
  }

  @Test
  void absoluteUriRequestKeepsOnlyThePath() {
    LogEvent e =
        parsed(
            "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET http://proxy.example/a/b?c=d HTTP/1.1\" "
                + "200 5");
    assertThat(e.getPath()).isEqualTo("/a/b");
    assertThat(e.getQuery()).isEqualTo("c=d");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-12-24T17:36:03Z|2025-12-24T17:36:03Z",
        "2025-12-24T17:36:03.5Z|2025-12-24T17:36:03.500Z",
        "2025-12-24T17:36:03.123456789Z|2025-12-24T17:36:03.123456Z",
        "2025-12-24T18:36:03.210929+01:00|2025-12-24T17:36:03.210929Z",
        "2025-12-24T12:36:03-0500|2025-12-24T17:36:03Z",
        "2025-12-24 17:36:03|2025-12-24T17:36:03Z"
      })
  // LogEvent.ts is timestamp-micros: nanoseconds are truncated to microseconds.
  void jsonTimestampsWithOrWithoutFractionAndOffset(String ts, String expected) {
    String line =
        "{\"ts\":\""
            + ts
            + "\",\"host\":\"h\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,"
            + "\"bytes\":0,\"ip\":\"1.2.3.4\"}";
    assertThat(parsed(line).getTs()).isEqualTo(Instant.parse(expected));
  }

  @Test
  void timestampsWithoutOffsetUseTheConfiguredZone() {
    LogLineParser paris = SystemClockParser.of(1024, "h", ZoneId.of("Europe/Paris"));
    String line =
        "{\"ts\":\"2025-07-01T12:00:00\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":0,"
            + "\"ip\":\"1.2.3.4\"}";
    ParseOutcome o = paris.parse(RawLine.of(line.getBytes(StandardCharsets.UTF_8)));
    assertThat(((ParseOutcome.Parsed) o).event().getTs())
        .isEqualTo(Instant.parse("2025-07-01T10:00:00Z"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "MALFORMED_JSON|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":`",
        "MALFORMED_JSON|`{\"ts\":1} trailing`",
        "UNKNOWN_FORMAT|`hello world`",
        "UNKNOWN_FORMAT|`1.2.3.4 - - [17/May/2015:10:05:03 +0000] GET / 200 5`",
        "MISSING_FIELD|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"bytes\":1,\"ip\":\"1.2.3.4\"}`",
        "MISSING_FIELD|`{\"ts\":\"2025-01-01T00:00:00Z\",\"path\":\"/\",\"status\":200,\"bytes\":1,\"ip\":\"1.2.3.4\"}`",
        "BAD_TIMESTAMP|`{\"ts\":\"yesterday\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":1,\"ip\":\"1\"}`",
        "BAD_TIMESTAMP|`{\"ts\":\"2025-02-30T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":1,\"ip\":\"1\"}`",
        "BAD_TIMESTAMP|`1.2.3.4 - - [17/Foo/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5`",
        "BAD_TIMESTAMP|`{\"ts\":\"1969-12-31T23:59:59.999Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":1,\"ip\":\"1\"}`",
        "BAD_TIMESTAMP|`1.2.3.4 - - [31/Dec/1969:23:59:59 +0000] \"GET / HTTP/1.1\" 200 5`",
        "BAD_STATUS|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":600,\"bytes\":1,\"ip\":\"1\"}`",
        "BAD_STATUS|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":\"ok\",\"bytes\":1,\"ip\":\"1\"}`",
        "BAD_STATUS|`1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 99 5`",
        "BAD_STATUS|`1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" abc 5`",
        "BAD_NUMBER|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":-1,\"ip\":\"1\"}`",
        "BAD_NUMBER|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":1,\"ip\":\"1\",\"rt_ms\":-3}`",
        "BAD_NUMBER|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":\"many\",\"ip\":\"1\"}`",
        "BAD_NUMBER|`1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 12x`",
        "BAD_PATH|`{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"index.html\",\"status\":200,\"bytes\":1,\"ip\":\"1\"}`",
        "BAD_PATH|`1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"-\" 408 0`"
      })
  void everyRejectionHasItsReason(RejectReason reason, String line) {
    ParseOutcome.Rejected r = rejected(line);
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.message()).isNotBlank();
  }

  @Test
  void eventsTooFarInTheFutureAreRejected() {
    java.time.Clock clock =
        java.time.Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    LogLineParser p =
        new LogLineParser(1024, "h", ZoneOffset.UTC, java.time.Duration.ofMinutes(15), clock);
    String soon =
        "{\"ts\":\"2025-01-01T00:14:00Z\",\"method\":\"GET\",\"path\":\"/\",\"status\":200,\"bytes\":0,"
            + "\"ip\":\"1\"}";
    assertThat(p.parse(RawLine.of(soon.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ParseOutcome.Parsed.class);
    ParseOutcome late =
        p.parse(RawLine.of(soon.replace("00:14", "02:00").getBytes(StandardCharsets.UTF_8)));
    assertThat(((ParseOutcome.Rejected) late).reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
    assertThat(((ParseOutcome.Rejected) late).message()).contains("future");
  }

  @Test
  void tooLongLineIsRejectedBeforeParsing() {
    LogLineParser small = SystemClockParser.of(100, "h", ZoneOffset.UTC);
    ParseOutcome o =
        small.parse(
            RawLine.of(
                ("{\"path\":\"/" + "a".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8)));
    assertThat(((ParseOutcome.Rejected) o).reason()).isEqualTo(RejectReason.LINE_TOO_LONG);
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] line = COMBINED.getBytes(StandardCharsets.UTF_8);
    line[20] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    assertThat(rejected(line).reason()).isEqualTo(RejectReason.NOT_UTF8);
    assertThat(rejected(new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'}).reason())
        .as("encoded surrogate")
        .isEqualTo(RejectReason.NOT_UTF8);
  }

  @Test
  void nullAndBlankValuesAreRejected() {
    assertThat(((ParseOutcome.Rejected) parser.parse(new RawLine(null, null, "t", 0, 0))).reason())
        .isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(rejected(" \r\n").reason()).isEqualTo(RejectReason.UNKNOWN_FORMAT);
  }

  @Test
  void multiByteUtf8IsKept() {
    String line =
        "{\"ts\":\"2025-01-01T00:00:00Z\",\"method\":\"GET\",\"path\":\"/caf\u00e9/\u65e5\u672c\","
            + "\"status\":200,\"bytes\":1,\"ip\":\"1\",\"ua\":\"\uD83D\uDE00\"}";
    LogEvent e = parsed(line);
    assertThat(e.getPath()).isEqualTo("/caf\u00e9/\u65e5\u672c");
    assertThat(e.getUa()).isEqualTo("\uD83D\uDE00");
  }
}
