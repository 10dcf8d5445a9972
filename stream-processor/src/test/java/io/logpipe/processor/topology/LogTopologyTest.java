package io.logpipe.processor.topology;

import static io.logpipe.processor.topology.TopologyFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.testing.SampleJsonEvent;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.RejectedLine;
import io.logpipe.schemas.StatusCount;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogTopologyTest {

  private static final Instant T0 = Instant.parse("2025-12-24T10:00:00Z");

  @Test
  void jsonLineIsCuratedWithEveryFieldKeyedByHostAtEventTime() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      f.pipe(
          "{\"ts\":\"2025-12-24T17:36:03.210929Z\",\"host\":\"api.myapp.com\",\"method\":\"GET\","
              + "\"path\":\"/api/v1/login?user=a\",\"status\":503,\"bytes\":37992,\"ip\":\"41.251.52.13\","
              + "\"ua\":\"curl/8.0\",\"rt_ms\":1556}");
      TestRecord<String, LogEvent> r = f.curated.readRecord();
      assertThat(r.key()).isEqualTo("api.myapp.com");
      assertThat(r.getRecordTime()).isEqualTo(Instant.parse("2025-12-24T17:36:03.210Z"));
      LogEvent e = r.value();
      SampleJsonEvent.assertFields(e);
      assertThat(e.getQuery()).isEqualTo("user=a");
      assertThat(e.getRawPartition()).isZero();
      assertThat(e.getRawOffset()).isZero();
      assertThat(f.rejected.isEmpty()).isTrue();
      assertThat(f.metrics.curatedCount()).isEqualTo(1);
    }
  }

  @Test
  void eventTimesAreJudgedByTheConfiguredClock() {
    // The wall clock of this config is T0: an hour after it is too far ahead, whatever the date
    // the test runs on; ten minutes after it is within the 15 min tolerance.
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    try (TopologyFixture f = new TopologyFixture(ProcessorConfig.builder().clock(clock))) {
      f.pipe(json(T0.plus(Duration.ofMinutes(10)), 200));
      f.pipe(json(T0.plus(Duration.ofHours(1)), 200));
      assertThat(f.curated.readValuesToList())
          .extracting(LogEvent::getTs)
          .containsExactly(T0.plus(Duration.ofMinutes(10)));
      List<RejectedLine> rejected = f.rejected.readValuesToList();
      assertThat(rejected)
          .extracting(RejectedLine::getReason)
          .containsExactly(RejectReason.BAD_TIMESTAMP);
      assertThat(rejected.get(0).getRejectedAt()).isEqualTo(T0);
    }
  }

  @Test
  void combinedLineTakesHostFromHeaderAndKeepsLineage() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(ProcessorConfig.DEFAULT_HOST, "fallback"))) {
      f.pipe("{not json"); // offset 0: rejected, so the combined line below is offset 1
      f.pipe(
          ("83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /a/b.png?s=1 HTTP/1.1\" 200 203023 "
                  + "\"http://ref.example/\" \"Mozilla/5.0 \\\"x\\\"\"")
              .getBytes(StandardCharsets.UTF_8),
          "www.example.org");
      f.pipe("1.1.1.1 - - [17/May/2015:10:05:04 +0000] \"GET / HTTP/1.1\" 404 -");
      List<KeyValue<String, LogEvent>> out = f.curated.readKeyValuesToList();
      assertThat(out).hasSize(2);
      LogEvent e = out.get(0).value;
      assertThat(out.get(0).key).isEqualTo("www.example.org");
      assertThat(e.getTs()).isEqualTo(Instant.parse("2015-05-17T10:05:03Z"));
      assertThat(e.getHost()).isEqualTo("www.example.org");
      assertThat(e.getMethod()).isEqualTo("GET");
      assertThat(e.getPath()).isEqualTo("/a/b.png");
      assertThat(e.getQuery()).isEqualTo("s=1");
      assertThat(e.getStatus()).isEqualTo(200);
      assertThat(e.getBytes()).isEqualTo(203023L);
      assertThat(e.getIp()).isEqualTo("83.149.9.216");
      assertThat(e.getUa()).isEqualTo("Mozilla/5.0 \"x\"");
      assertThat(e.getReferrer()).isEqualTo("http://ref.example/");
      assertThat(e.getRtMs()).isNull();
      assertThat(e.getFormat()).isEqualTo(LogFormat.COMBINED);
      assertThat(e.getRawOffset()).isEqualTo(1L);
      assertThat(out.get(1).value.getHost()).isEqualTo("fallback");
      assertThat(out.get(1).value.getFormat()).isEqualTo(LogFormat.COMMON);
      assertThat(out.get(1).value.getRawOffset()).isEqualTo(2L);
    }
  }

  @Test
  void deadLettersKeepTheRawHeadersCuratedEventsCarryNone() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      f.pipe(json(T0, 200).getBytes(StandardCharsets.UTF_8), "api.example.org");
      f.pipe("{not json".getBytes(StandardCharsets.UTF_8), "api.example.org");

      var curated = f.curated.readRecordsToList();
      var rejected = f.rejected.readRecordsToList();

      assertThat(curated).hasSize(1);
      assertThat(curated.get(0).headers().toArray()).isEmpty();
      assertThat(rejected).hasSize(1);
      assertThat(
              rejected.get(0).headers().lastHeader(io.logpipe.schemas.Topics.HEADER_HOST).value())
          .isEqualTo("api.example.org".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void deadLettersNeitherCountNorMoveStreamTime() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(ProcessorConfig.LIVE_COUNTS_ENABLED, "true"))) {
      f.pipe(json(T0, 200));
      // Dead letters keep the raw record's timestamp: the wall clock, far past T0. Counted, or
      // taken as stream time, they would close T0's window now.
      for (int i = 0; i < 5; i++) {
        f.pipe("{not json");
      }
      f.pipe(json(T0.plusSeconds(1), 200));

      assertThat(f.rejected.readValuesToList()).hasSize(5);
      assertThat(f.counts.readValuesToList()).as("no window closed").isEmpty();
      assertThat(f.live.readValuesToList())
          .extracting(StatusCount::getCount)
          .containsExactly(1L, 2L);

      f.pipe(
          json(
              T0.plus(Duration.ofHours(1)),
              200)); // closes T0's window: 2 events, dead letters not counted
      assertThat(f.counts.readValuesToList()).extracting(StatusCount::getCount).containsExactly(2L);
    }
  }

  static List<Arguments> rejections() {
    String ok = json(T0, 200);
    byte[] notUtf8 = ok.getBytes(StandardCharsets.UTF_8);
    notUtf8[30] = (byte) 0xFF;
    return List.of(
        Arguments.of(
            RejectReason.MALFORMED_JSON,
            "{\"ts\":\"2025-12-24T10:00:00Z\",".getBytes(StandardCharsets.UTF_8)),
        Arguments.of(
            RejectReason.UNKNOWN_FORMAT, "GET /index.html 200".getBytes(StandardCharsets.UTF_8)),
        Arguments.of(
            RejectReason.MISSING_FIELD,
            ok.replace("\"status\":200,", "").getBytes(StandardCharsets.UTF_8)),
        Arguments.of(
            RejectReason.BAD_TIMESTAMP,
            ok.replace("2025-12-24T10:00:00Z", "24/12/2025").getBytes(StandardCharsets.UTF_8)),
        Arguments.of(RejectReason.BAD_STATUS, json(T0, 99).getBytes(StandardCharsets.UTF_8)),
        Arguments.of(
            RejectReason.BAD_NUMBER,
            ok.replace("\"bytes\":10", "\"bytes\":-10").getBytes(StandardCharsets.UTF_8)),
        Arguments.of(
            RejectReason.BAD_PATH, json(T0, 200, "no-slash").getBytes(StandardCharsets.UTF_8)),
        Arguments.of(
            RejectReason.LINE_TOO_LONG,
            json(T0, 200, "/" + "x".repeat(70_000)).getBytes(StandardCharsets.UTF_8)),
        Arguments.of(RejectReason.NOT_UTF8, notUtf8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void eachRejectionIsDeadLetteredWithReasonRawBytesAndCoordinates(
      RejectReason reason, byte[] line) {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      f.pipe(json(T0, 200));
      f.pipe(line, null);
      assertThat(f.curated.readValuesToList()).hasSize(1);
      List<RejectedLine> rejected = f.rejected.readValuesToList();
      assertThat(rejected).hasSize(1);
      RejectedLine r = rejected.get(0);
      assertThat(r.getReason()).isEqualTo(reason);
      assertThat(r.getMessage()).isNotBlank();
      assertThat(bytes(r.getRaw())).isEqualTo(line);
      assertThat(r.getRawTopic()).isEqualTo("logs_raw");
      assertThat(r.getRawPartition()).isZero();
      assertThat(r.getRawOffset()).isEqualTo(1L);
      assertThat(r.getRejectedAt()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
      assertThat(f.metrics.rejectedCount(reason)).isEqualTo(1);
      assertThat(f.metrics.linesIn()).isEqualTo(2);
    }
  }

  @Test
  void outOfOrderWithinGraceIsCountedBeyondGraceIsCuratedButNotCounted() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) { // 1 min windows, 30 s grace
      f.pipe(json(T0.plusSeconds(10), 200));
      f.pipe(json(T0.plusSeconds(50), 200));
      f.pipe(json(T0.plusSeconds(65), 404)); // stream time 10:01:05
      f.pipe(
          json(T0.plusSeconds(40), 200)); // window [10:00,10:01) closes at 10:01:30: within grace
      assertThat(f.counts.isEmpty()).as("nothing final before the window closes").isTrue();
      f.pipe(json(T0.plusSeconds(100), 200)); // stream time 10:01:40: first window closes
      assertThat(f.counts.readKeyValuesToList())
          .containsExactly(KeyValue.pair("2025-12-24T10:00:00Z/200", count(T0, 200, 3)));
      f.pipe(json(T0.plusSeconds(20), 500)); // beyond grace
      assertThat(f.metrics.lateEvents()).isEqualTo(1);
      assertThat(f.late.readKeyValuesToList())
          .as("late events are counted where a person can see them")
          .containsExactly(KeyValue.pair("2025-12-24T10:00:00Z/500", count(T0, 500, 1)));
      f.pipe(json(T0.plusSeconds(300), 200)); // closes 10:01 and 10:02..10:03 windows
      List<KeyValue<String, StatusCount>> finals = f.counts.readKeyValuesToList();
      assertThat(finals)
          .containsExactlyInAnyOrder(
              KeyValue.pair("2025-12-24T10:01:00Z/200", count(T0.plusSeconds(60), 200, 1)),
              KeyValue.pair("2025-12-24T10:01:00Z/404", count(T0.plusSeconds(60), 404, 1)));
      assertThat(f.curated.readValuesToList())
          .hasSize(7)
          .anySatisfy(e -> assertThat(e.getStatus()).isEqualTo(500));
      assertThat(f.metrics.lateEvents()).isEqualTo(1);
    }
  }

  @Test
  void oneFinalRecordPerWindowAndStatusSummingToCuratedEventsOfClosedWindows() {
    try (TopologyFixture f =
        new TopologyFixture(Map.of(ProcessorConfig.LIVE_COUNTS_ENABLED, "true"))) {
      Random random = new Random(42);
      int[] statuses = {200, 201, 204, 301, 304, 400, 404, 500, 503};
      Map<String, Long> expected = new HashMap<>();
      int events = 3000;
      for (int i = 0; i < events; i++) {
        // Rising time with up to 20 s of disorder: always within the 30 s grace.
        Instant ts = T0.plusMillis(i * 600L - random.nextInt(20_000));
        int status = statuses[random.nextInt(statuses.length)];
        f.pipe(json(ts, status));
        Instant windowStart =
            Instant.ofEpochMilli(ts.toEpochMilli() - Math.floorMod(ts.toEpochMilli(), 60_000L));
        expected.merge(windowStart + "/" + status, 1L, Long::sum);
      }
      f.pipe(json(T0.plus(Duration.ofHours(2)), 200)); // closes every window above
      List<KeyValue<String, StatusCount>> finals = f.counts.readKeyValuesToList();
      Map<String, Long> actual = new HashMap<>();
      for (KeyValue<String, StatusCount> kv : finals) {
        assertThat(kv.value.getFinal$()).isTrue();
        assertThat(kv.key)
            .isEqualTo(StatusCountKey.of(kv.value.getWindowStart(), kv.value.getStatus()));
        assertThat(Duration.between(kv.value.getWindowStart(), kv.value.getWindowEnd()))
            .hasMinutes(1);
        assertThat(actual.put(kv.key, kv.value.getCount()))
            .as("second final for " + kv.key)
            .isNull();
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(actual.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(events);
      assertThat(f.metrics.lateEvents()).isZero();
      List<StatusCount> live = f.live.readValuesToList();
      assertThat(live).isNotEmpty().allSatisfy(c -> assertThat(c.getFinal$()).isFalse());
    }
  }

  @Test
  void eventsOfManyWindowsCountedInOneFlushAreFinalNotLate() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      // Ten minutes of event time within one flush interval (a replay, or a fast generator): when
      // the flush reaches the second stage, its first partial must not close the windows of the
      // partials behind it.
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < 600; i++) {
        Instant ts = T0.plusSeconds(i);
        int status = i % 3 == 0 ? 404 : 200;
        f.pipeWithoutFlush(json(ts, status));
        if (i
            < 540) { // windows that close once the stream time reaches 10:09:59 (end + 30 s grace)
          expected.merge(StatusCountKey.of(T0.plusSeconds(i - i % 60), status), 1L, Long::sum);
        }
      }
      f.flush();

      Map<String, Long> finals = new HashMap<>();
      f.counts.readKeyValuesToList().forEach(kv -> finals.put(kv.key, kv.value.getCount()));
      assertThat(f.metrics.lateEvents()).isZero();
      assertThat(f.late.isEmpty()).isTrue();
      assertThat(finals).isEqualTo(expected);
    }
  }

  @Test
  void liveTopicIsSilentUnlessEnabled() {
    try (TopologyFixture f = new TopologyFixture(Map.of())) {
      f.pipe(json(T0, 200));
      f.pipe(json(T0.plus(Duration.ofHours(1)), 200));
      assertThat(f.counts.readValuesToList()).hasSize(1);
      assertThat(f.live.isEmpty()).isTrue();
    }
  }

  private static StatusCount count(Instant windowStart, int status, long n) {
    return StatusCount.newBuilder()
        .setWindowStart(windowStart)
        .setWindowEnd(windowStart.plusSeconds(60))
        .setStatus(status)
        .setCount(n)
        .setFinal$(true)
        .build();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
