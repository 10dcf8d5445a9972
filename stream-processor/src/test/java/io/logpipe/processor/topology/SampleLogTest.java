package io.logpipe.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.StatusCount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every line of a real public web-server log (5,000 Apache combined lines) is curated, and the
 * final window counts per hour and status match a count the test makes on its own with a regular
 * expression.
 */
class SampleLogTest {

  private static final Pattern LINE =
      Pattern.compile(
          "\\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}):\\d{2}:\\d{2} ([+-]\\d{4})\\] "
              + "\"[^\"]*\" (\\d{3}) ");
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH", Locale.ROOT);

  @Test
  void everySampleLineIsCuratedAndHourlyStatusCountsMatch() throws IOException {
    List<String> lines = readSample();
    assertThat(lines).hasSize(5000);
    Map<String, Long> expected = new TreeMap<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.find()).as(line).isTrue();
      assertThat(m.group(2)).isEqualTo("+0000");
      Instant hour = LocalDateTime.parse(m.group(1), HOUR).toInstant(ZoneOffset.UTC);
      expected.merge(hour + "/" + m.group(3), 1L, Long::sum);
    }

    // Hourly windows; a generous grace since this test is about parsing and counting, not lateness.
    try (TopologyFixture f =
        new TopologyFixture(
            Map.of(ProcessorConfig.WINDOW_SIZE, "1h", ProcessorConfig.WINDOW_GRACE, "1h"))) {
      lines.forEach(f::pipe);
      List<LogEvent> curated = f.curated.readValuesToList();
      assertThat(f.rejected.readValuesToList()).isEmpty();
      assertThat(curated).hasSize(5000);
      assertThat(curated).allSatisfy(e -> assertThat(e.getPath()).startsWith("/"));

      Instant last = curated.stream().map(LogEvent::getTs).max(Instant::compareTo).orElseThrow();
      f.pipe(TopologyFixture.json(last.plusSeconds(3 * 3600), 200)); // closes every sample window
      Map<String, Long> actual = new TreeMap<>();
      List<StatusCount> finals = new ArrayList<>(f.counts.readValuesToList());
      for (StatusCount c : finals) {
        assertThat(actual.put(c.getWindowStart() + "/" + c.getStatus(), c.getCount())).isNull();
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(f.metrics.lateEvents()).isZero();
    }
  }

  private static List<String> readSample() throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                SampleLogTest.class.getResourceAsStream("/apache_access_sample.log"),
                StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
