package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logpipe local} end to end: real in-process broker, processor, sink, lake and a Spark job in its own JVM.
 * The pipeline's own reconciliation must hold exactly, and the analytics per-hour request counts must equal counts
 * computed here, independently, from the input.
 */
class LocalPipelineIT {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'/'HH");
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir
  Path tmp;

  @Test
  void generatedTrafficReconcilesAndAnalyticsMatchesTheInput() throws Exception {
    LocalOptions options = new LocalOptions(200_000L, null, 0, 7, START, Duration.ofHours(4), 0.05, 0.03, List.of(),
        null, tmp.resolve("lake"), false, 1, true, false, null, Duration.ofMinutes(5));

    LocalPipeline.Result result = run(options);

    assertReconciled(result);
    assertThat(result.reconciliation().rejectedByReason().values().stream().mapToLong(Long::longValue).sum())
        .as("about 3%% of 200,000 lines are invalid").isBetween(4_000L, 8_000L);
    assertThat(result.reconciliation().analyticsPerHour()).isEqualTo(expectedHoursOfGenerator(options));
    assertThat(result.hoursComplete()).isEqualTo(result.hoursWithData());
    assertThat(tmp.resolve("lake/analytics/report.html")).isRegularFile();
  }

  @Test
  void realApacheLogReconcilesAndAnalyticsMatchesTheInput() throws Exception {
    Path log = sampleLog();
    LocalOptions options = new LocalOptions(null, null, 0, 0, START, Duration.ofHours(1), 0, 0, List.of(log),
        "www.example.org", tmp.resolve("lake"), false, 1, true, false, null, Duration.ofMinutes(5));

    LocalPipeline.Result result = run(options);

    assertReconciled(result);
    assertThat(result.ingest().acknowledged()).isEqualTo(5_000);
    assertThat(result.reconciliation().rejectedByReason()).as("every real line is curated").isEmpty();
    assertThat(result.reconciliation().analyticsPerHour()).isEqualTo(expectedHoursOfApacheLog(log));
  }

  @Test
  void hdfsLakeReconciles() throws Exception {
    LocalOptions options = new LocalOptions(20_000L, null, 0, 11, START, Duration.ofHours(2), 0.05, 0.03, List.of(),
        null, tmp.resolve("unused"), true, 1, true, false, null, Duration.ofMinutes(5));

    LocalPipeline.Result result = run(options);

    assertReconciled(result);
    assertThat(result.lake().getScheme()).isEqualTo("hdfs");
    assertThat(result.reconciliation().analyticsPerHour()).isEqualTo(expectedHoursOfGenerator(options));
  }

  private static LocalPipeline.Result run(LocalOptions options) throws Exception {
    StringWriter text = new StringWriter();
    LocalPipeline.Result result;
    try (PrintWriter out = new PrintWriter(text, true)) {
      result = new LocalPipeline(options, out, false).run();
    }
    System.out.println(text);
    return result;
  }

  private static void assertReconciled(LocalPipeline.Result result) {
    assertThat(result.reconciliation().checks()).allSatisfy(check ->
        assertThat(check.actual()).as(check.name()).isEqualTo(check.expected()));
    assertThat(result.analyticsExitCode()).isZero();
    assertThat(result.exitCode()).isZero();
  }

  /** Valid generated events per event-time hour, from the generator's own record of what it wrote. */
  private static Map<String, Long> expectedHoursOfGenerator(LocalOptions o) {
    GeneratorConfig config = GeneratorConfig.builder().seed(o.seed()).events(o.events()).start(o.start())
        .span(o.span()).lateFraction(o.lateFraction()).invalidFraction(o.invalidFraction()).build();
    Map<String, Long> hours = new TreeMap<>();
    try (var lines = TrafficGenerator.lines(config)) {
      lines.filter(GeneratedLine::valid)
          .forEach(l -> hours.merge(HOUR.format(l.eventTime().atOffset(ZoneOffset.UTC)), 1L, Long::sum));
    }
    return hours;
  }

  /** Lines per UTC hour of an Apache log, read with a regex of this test's own. */
  private static Map<String, Long> expectedHoursOfApacheLog(Path log) throws Exception {
    Pattern time = Pattern.compile("\\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})]");
    DateTimeFormatter apache = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
    Map<String, Long> hours = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      Matcher m = time.matcher(line);
      assertThat(m.find()).as("timestamp in %s", line).isTrue();
      OffsetDateTime t = OffsetDateTime.parse(m.group(1), apache);
      hours.merge(HOUR.format(t.withOffsetSameInstant(ZoneOffset.UTC)), 1L, Long::sum);
    }
    return hours;
  }

  private static Path sampleLog() throws URISyntaxException {
    var url = LocalPipelineIT.class.getResource("/data/apache_access_sample.log");
    assertThat(url).as("test resource data/apache_access_sample.log").isNotNull();
    return Path.of(url.toURI());
  }
}
