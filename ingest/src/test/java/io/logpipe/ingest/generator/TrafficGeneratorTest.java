package io.logpipe.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TS =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
  private static final List<String> SEED_FIELD_ORDER =
      List.of("ts", "host", "method", "path", "status", "bytes", "ip", "ua", "rt_ms");
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final int SAMPLE = 200_000;

  /** One large sample with late and invalid lines, shared by the distribution checks. */
  private static List<GeneratedLine> sample;

  @BeforeAll
  static void generateSample() {
    sample =
        TrafficGenerator.lines(
                GeneratorConfig.builder()
                    .events(SAMPLE)
                    .seed(11)
                    .start(START)
                    .span(Duration.ofHours(6))
                    .lateFraction(0.05)
                    .invalidFraction(0.03)
                    .build())
            .toList();
  }

  private static GeneratorConfig.Builder small() {
    return GeneratorConfig.builder()
        .events(20_000)
        .seed(7)
        .start(START)
        .lateFraction(0.02)
        .invalidFraction(0.02);
  }

  @Test
  void sameSeedGivesTheSameLinesAndAnotherSeedOtherLines() {
    List<GeneratedLine> a = TrafficGenerator.lines(small().build()).toList();
    List<GeneratedLine> b = TrafficGenerator.lines(small().build()).toList();
    List<GeneratedLine> c = TrafficGenerator.lines(small().seed(8).build()).toList();
    assertThat(a).hasSize(20_000);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).bytes()).isEqualTo(b.get(i).bytes());
      assertThat(a.get(i).eventTimeMicros()).isEqualTo(b.get(i).eventTimeMicros());
    }
    long same = 0;
    for (int i = 0; i < a.size(); i++) {
      same += Arrays.equals(a.get(i).bytes(), c.get(i).bytes()) ? 1 : 0;
    }
    assertThat(same).isLessThan(100);
  }

  @Test
  void everyValidLineIsSeedFormatJsonWithAllFieldsTyped() throws Exception {
    int checked = 0;
    for (GeneratedLine line : sample.subList(0, 50_000)) {
      if (!line.valid()) {
        continue;
      }
      JsonNode n = JSON.readTree(line.bytes());
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      assertThat(names).isEqualTo(SEED_FIELD_ORDER);
      assertThat(n.get("ts").isTextual()).isTrue();
      assertThat(n.get("ts").asText()).matches(TS);
      assertThat(Instant.parse(n.get("ts").asText())).isEqualTo(line.eventTime());
      assertThat(n.get("host").asText()).isEqualTo(line.host()).isIn(GeneratorConfig.DEFAULT_HOSTS);
      assertThat(n.get("method").asText())
          .isIn("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
      assertThat(n.get("path").asText()).startsWith("/");
      assertThat(n.get("status").isInt()).isTrue();
      assertThat(n.get("status").asInt()).isEqualTo(line.status()).isBetween(100, 599);
      assertThat(n.get("bytes").isIntegralNumber()).isTrue();
      assertThat(n.get("bytes").asLong()).isNotNegative();
      assertThat(n.get("ip").asText()).matches("\\d{1,3}(\\.\\d{1,3}){3}");
      assertThat(n.get("ua").asText()).isNotBlank();
      assertThat(n.get("rt_ms").isIntegralNumber()).isTrue();
      assertThat(n.get("rt_ms").asLong()).isPositive();
      checked++;
    }
    assertThat(checked).isGreaterThan(45_000);
  }

  @Test
  void invalidLinesComeInEveryKindAndAreReallyInvalid() {
    Map<InvalidKind, Integer> kinds = new EnumMap<>(InvalidKind.class);
    for (GeneratedLine line : sample) {
      if (line.valid()) {
        continue;
      }
      kinds.merge(line.invalidKind(), 1, Integer::sum);
      String reason = invalidity(line);
      assertThat(reason)
          .as(
              "line %s of kind %s",
              new String(line.bytes(), StandardCharsets.ISO_8859_1), line.invalidKind())
          .isNotNull();
    }
    assertThat(kinds.keySet()).containsExactlyInAnyOrder(InvalidKind.values());
    long invalid = kinds.values().stream().mapToLong(Integer::longValue).sum();
    assertThat(invalid / (double) SAMPLE).isCloseTo(0.03, within(0.003));
  }

  /**
   * Why a line is not a valid seed-format event, checked independently of the generator; null if it
   * is valid.
   */
  private static String invalidity(GeneratedLine line) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line.bytes()));
    } catch (CharacterCodingException e) {
      return "not UTF-8";
    }
    JsonNode n;
    try {
      n = JSON.readTree(line.bytes());
    } catch (Exception e) {
      return "not JSON";
    }
    if (n == null || !n.isObject()) {
      return "not an object";
    }
    for (String f : List.of("ts", "method", "path", "status", "bytes", "ip")) {
      if (!n.has(f)) {
        return "missing " + f;
      }
    }
    if (!n.get("status").isInt()
        || n.get("status").asInt() < 100
        || n.get("status").asInt() > 599) {
      return "bad status";
    }
    if (!n.get("bytes").isIntegralNumber()) {
      return "bad bytes";
    }
    if (!n.get("path").asText().startsWith("/")) {
      return "bad path";
    }
    try {
      Instant.parse(n.get("ts").asText());
    } catch (Exception e) {
      return "bad timestamp";
    }
    return null;
  }

  @Test
  void statusMixIsMostlySuccessWithSomeErrors() {
    Map<Integer, Integer> byClass = new TreeMap<>();
    int valid = 0;
    for (GeneratedLine line : sample) {
      if (line.valid()) {
        byClass.merge(line.status() / 100, 1, Integer::sum);
        valid++;
      }
    }
    assertThat(byClass.get(2) / (double) valid).isCloseTo(0.85, within(0.03));
    assertThat(byClass.get(3) / (double) valid).isCloseTo(0.06, within(0.01));
    assertThat(byClass.get(4) / (double) valid).isCloseTo(0.075, within(0.01));
    // 1.5 % baseline plus the bursts.
    assertThat(byClass.get(5) / (double) valid).isBetween(0.012, 0.06);
  }

  @Test
  void pathPopularityIsSkewed() {
    Map<String, Integer> byTemplate = new HashMap<>();
    for (GeneratedLine line : sample) {
      if (line.valid()) {
        String path = pathOf(line);
        byTemplate.merge(
            path.replaceAll("\\d+", "N").replaceAll("q=[a-z]+", "q=T"), 1, Integer::sum);
      }
    }
    List<Integer> counts = byTemplate.values().stream().sorted((x, y) -> y - x).toList();
    int total = counts.stream().mapToInt(Integer::intValue).sum();
    assertThat(counts.get(0) / (double) total).isBetween(0.15, 0.35);
    assertThat(counts.subList(0, 5).stream().mapToInt(Integer::intValue).sum() / (double) total)
        .isGreaterThan(0.5);
    assertThat(counts.get(0)).isGreaterThan(counts.get(1) * 3 / 2);
    assertThat(counts.get(counts.size() - 1)).isLessThan(counts.get(0) / 20);
  }

  @Test
  void errorsAreSlowerAndBytesDependOnThePath() throws Exception {
    List<Long> ok = new ArrayList<>();
    List<Long> err = new ArrayList<>();
    List<Long> jsBytes = new ArrayList<>();
    List<Long> loginBytes = new ArrayList<>();
    for (GeneratedLine line : sample.subList(0, 100_000)) {
      if (!line.valid()) {
        continue;
      }
      JsonNode n = JSON.readTree(line.bytes());
      long rt = n.get("rt_ms").asLong();
      if (line.status() >= 500) {
        err.add(rt);
      } else if (line.status() == 200) {
        ok.add(rt);
        if (n.get("path").asText().equals("/static/js/app.js")) {
          jsBytes.add(n.get("bytes").asLong());
        } else if (n.get("path").asText().equals("/api/v1/login")) {
          loginBytes.add(n.get("bytes").asLong());
        }
      }
    }
    assertThat(median(err)).isGreaterThan(3 * median(ok));
    assertThat(median(jsBytes)).isGreaterThan(100 * median(loginBytes));
  }

  @Test
  void errorBurstsMakeOneHostFailForAWhile() {
    // Some window of 1,000 consecutive events has one host answering mostly 5xx.
    boolean found = false;
    for (int from = 0; from + 1_000 <= SAMPLE && !found; from += 500) {
      Map<String, int[]> perHost = new HashMap<>();
      for (GeneratedLine line : sample.subList(from, from + 1_000)) {
        int[] c = perHost.computeIfAbsent(line.host(), h -> new int[2]);
        c[0]++;
        c[1] += line.status() >= 500 ? 1 : 0;
      }
      found = perHost.values().stream().anyMatch(c -> c[0] >= 50 && c[1] > c[0] / 2);
    }
    assertThat(found).isTrue();
  }

  @Test
  void spanSpreadsEventsEvenlyOverTheSimulatedHours() {
    Map<Long, Integer> perHour = new TreeMap<>();
    for (GeneratedLine line : sample) {
      if (line.valid() && !line.late()) {
        assertThat(line.eventTime()).isBetween(START, START.plus(Duration.ofHours(6)));
        perHour.merge(ChronoUnit.HOURS.between(START, line.eventTime()), 1, Integer::sum);
      }
    }
    assertThat(perHour.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    int mean = perHour.values().stream().mapToInt(Integer::intValue).sum() / 6;
    assertThat(perHour.values()).allSatisfy(c -> assertThat(c).isCloseTo(mean, within(mean / 50)));
  }

  @Test
  void lateEventsAreEarlierThanTheirNeighboursOnBothSidesOfTheGrace() {
    long previousOnTime = Long.MIN_VALUE;
    int late = 0;
    int beyondGrace = 0;
    long graceMicros = GeneratorConfig.DEFAULT_GRACE.toNanos() / 1000;
    for (GeneratedLine line : sample) {
      if (line.late()) {
        late++;
        assertThat(line.valid()).isTrue();
        long delay = previousOnTime - line.eventTimeMicros();
        assertThat(delay).isPositive();
        // The delay from its own slot is within (1 s, grace - 5 s) or (grace + 5 s, grace + 10
        // min).
        beyondGrace += delay > graceMicros ? 1 : 0;
      } else {
        assertThat(line.eventTimeMicros()).isGreaterThanOrEqualTo(previousOnTime);
        previousOnTime = line.eventTimeMicros();
      }
    }
    assertThat(late / (double) SAMPLE).isCloseTo(0.05, within(0.003));
    assertThat(beyondGrace / (double) late)
        .isCloseTo(GeneratorConfig.LATE_BEYOND_GRACE_SHARE, within(0.03));
  }

  @Test
  void withoutSpanTheClockAdvancesSpeedOverRatePerEvent() {
    GeneratorConfig c =
        GeneratorConfig.builder().events(1_000).rate(100).speed(60).start(START).build();
    assertThat(c.eventStep()).isEqualTo(Duration.ofMillis(600));
    List<GeneratedLine> lines = TrafficGenerator.lines(c).toList();
    assertThat(lines.get(999).eventTime())
        .isBetween(START.plusSeconds(599), START.plusSeconds(600));
  }

  @Test
  void unlimitedGeneratorKeepsGoingAndALimitedOneStops() {
    Iterator<GeneratedLine> unlimited =
        new TrafficGenerator(GeneratorConfig.builder().start(START).build());
    for (int i = 0; i < 10_000; i++) {
      assertThat(unlimited.hasNext()).isTrue();
      unlimited.next();
    }
    TrafficGenerator limited =
        new TrafficGenerator(GeneratorConfig.builder().events(3).start(START).build());
    limited.next();
    limited.next();
    limited.next();
    assertThat(limited.hasNext()).isFalse();
    assertThatThrownBy(limited::next).isInstanceOf(java.util.NoSuchElementException.class);
  }

  @Test
  void configRejectsNonsenseWithClearMessages() {
    assertThatThrownBy(() -> GeneratorConfig.builder().span(Duration.ofHours(1)).build())
        .hasMessageContaining("--events");
    assertThatThrownBy(() -> GeneratorConfig.builder().lateFraction(1.5).build())
        .hasMessageContaining("late fraction");
    assertThatThrownBy(() -> GeneratorConfig.builder().rate(-1).build())
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> GeneratorConfig.builder().hosts(List.of("bad host")).build())
        .hasMessageContaining("bad host");
  }

  private static String pathOf(GeneratedLine line) {
    try {
      return JSON.readTree(line.bytes()).get("path").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static long median(List<Long> values) {
    assertThat(values).isNotEmpty();
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
