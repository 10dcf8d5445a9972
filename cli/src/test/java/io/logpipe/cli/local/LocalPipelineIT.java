package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpipe.cli.Logpipe;
import io.logpipe.cli.analytics.AnalyticsLauncher;
import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.TrafficGenerator;
import io.logpipe.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code logpipe local} end to end: real in-process broker, processor, sink, lake and a Spark job
 * in its own JVM. The pipeline's own reconciliation must hold exactly, and the analytics per-hour
 * request counts must equal counts computed here, independently, from the input.
 */
class LocalPipelineIT {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'/'HH");
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

  @TempDir Path tmp;

  /**
   * Also the dashboard beside the run (as {@code --dashboard}): its batch tables are the real Spark
   * job's, and after the run the stages keep running, so traffic produced then reaches the lake the
   * page shows.
   */
  @Test
  void generatedTrafficReconcilesAndAnalyticsMatchesTheInput() throws Exception {
    LocalOptions options =
        local(
            tmp.resolve("lake"),
            "--events 200000 --seed 7 --span 4h --dashboard --dashboard-port 0");

    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    LocalPipeline pipeline = new LocalPipeline(options, out, false);
    CompletableFuture<LocalResult> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return pipeline.run();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    LocalResult result;
    try {
      assertThat(pipeline.awaitKeptRunning(Duration.ofMinutes(10)))
          .as("the run finished and kept running")
          .isTrue();
      DashboardPage page = new DashboardPage(pipeline.dashboardUrl());
      JsonNode batch = page.get("/api/batch");
      Map<String, Long> perHour = new TreeMap<>();
      batch
          .path("byHour")
          .forEach(
              h ->
                  perHour.put(
                      h.path("hour").asText().replace('T', '/'), h.path("requests").asLong()));
      assertThat(perHour)
          .as("the dashboard's kpi_by_hour")
          .isEqualTo(expectedHoursOfGenerator(options));
      assertThat(batch.path("topPaths")).isNotEmpty();
      assertThat(batch.path("byHost")).isNotEmpty();
      assertThat(batch.path("requests").asLong())
          .isEqualTo(perHour.values().stream().mapToLong(Long::longValue).sum());

      long before = page.get("/api/lake").path("rows").asLong();
      String bootstrap = page.get("/api/broker").path("bootstrapServers").asText();
      produceAfterTheRun(bootstrap, 50);
      // Their hours were complete: the files land after the markers, and the page counts them as
      // such.
      JsonNode lake =
          page.poll(
              Duration.ofSeconds(60),
              "/api/lake",
              l ->
                  l.path("rows").asLong() == before + 50
                      && l.path("rowsAfterMarker").asLong() == 50);

      // A new analytics run shows on the page without a restart.
      String lakeUri = lake.path("lake").asText();
      Process job =
          AnalyticsLauncher.forHome(AnalyticsLauncher.locateHome())
              .start(
                  List.of(
                      "--lake", lakeUri, "--output", lakeUri.replaceAll("/$", "") + "/analytics"));
      assertThat(job.waitFor(10, TimeUnit.MINUTES)).as("second analytics run finished").isTrue();
      assertThat(job.exitValue()).isZero();
      String firstRun = batch.path("runAt").asText();
      JsonNode second =
          page.poll(
              Duration.ofSeconds(30),
              "/api/batch",
              b -> !b.path("runAt").asText().equals(firstRun));
      assertThat(second.path("requests").asLong()).isEqualTo(batch.path("requests").asLong() + 50);
    } finally {
      pipeline.requestStop();
      result = running.get(2, TimeUnit.MINUTES);
      System.out.println(text);
    }

    assertReconciled(result);
    assertThat(
            result.reconciliation().rejectedByReason().values().stream()
                .mapToLong(Long::longValue)
                .sum())
        .as("about 3%% of 200,000 lines are invalid")
        .isBetween(4_000L, 8_000L);
    assertThat(result.reconciliation().analyticsPerHour())
        .isEqualTo(expectedHoursOfGenerator(options));
    assertThat(result.hoursComplete()).isEqualTo(result.hoursWithData());
    assertThat(tmp.resolve("lake/analytics/report.html")).isRegularFile();
  }

  @Test
  void realApacheLogReconcilesAndAnalyticsMatchesTheInput() throws Exception {
    Path log = sampleLog();
    LocalOptions options =
        local(
            tmp.resolve("lake"),
            "--span 1h --seed 0 --late-fraction 0 --invalid-fraction 0 --host www.example.org",
            "--input",
            log.toString());

    LocalResult result = run(options);

    assertReconciled(result);
    assertThat(result.ingest().acknowledged()).isEqualTo(5_000);
    assertThat(result.reconciliation().rejectedByReason())
        .as("every real line is curated")
        .isEmpty();
    assertThat(result.reconciliation().analyticsPerHour()).isEqualTo(expectedHoursOfApacheLog(log));
  }

  @Test
  void hdfsLakeReconciles() throws Exception {
    LocalOptions options =
        local(tmp.resolve("unused"), "--events 20000 --seed 11 --span 2h --hdfs");

    LocalResult result = run(options);

    assertReconciled(result);
    assertThat(result.lake().getScheme()).isEqualTo("hdfs");
    assertThat(result.reconciliation().analyticsPerHour())
        .isEqualTo(expectedHoursOfGenerator(options));
  }

  /**
   * Valid lines at an event time the run already closed the hours of: late, but curated and
   * published.
   */
  private static void produceAfterTheRun(String bootstrap, int lines) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < lines; i++) {
        String line =
            "{\"ts\":\""
                + START.plusSeconds(i)
                + "\",\"host\":\"after.example\",\"method\":\"GET\","
                + "\"path\":\"/after\",\"status\":200,\"bytes\":1,\"ip\":\"10.1.1.1\",\"ua\":\"it\",\"rt_ms\":3}";
        producer.send(new ProducerRecord<>(Topics.RAW, line.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /**
   * The options of {@code logpipe local --start START --lake lake typed more…}, as the command
   * builds them from what a user types ({@code typed} split at spaces, {@code more} as given).
   */
  private static LocalOptions local(Path lake, String typed, String... more) {
    List<String> args =
        new ArrayList<>(List.of("local", "--start", START.toString(), "--lake", lake.toString()));
    args.addAll(List.of(typed.split(" ")));
    args.addAll(List.of(more));
    CommandLine logpipe = Logpipe.commandLine();
    logpipe.parseArgs(args.toArray(String[]::new));
    return ((LocalCommand) logpipe.getSubcommands().get("local").getCommand()).options();
  }

  private static LocalResult run(LocalOptions options) throws Exception {
    StringWriter text = new StringWriter();
    LocalResult result;
    try (PrintWriter out = new PrintWriter(text, true)) {
      result = new LocalPipeline(options, out, false).run();
    }
    System.out.println(text);
    return result;
  }

  private static void assertReconciled(LocalResult result) {
    assertThat(result.reconciliation().checks())
        .allSatisfy(
            check -> assertThat(check.actual()).as(check.name()).isEqualTo(check.expected()));
    assertThat(result.analyticsExitCode()).isZero();
    assertThat(result.exitCode()).isZero();
  }

  /**
   * Valid generated events per event-time hour, from the generator's own record of what it wrote.
   */
  static Map<String, Long> expectedHoursOfGenerator(LocalOptions o) {
    GeneratorConfig config =
        GeneratorConfig.builder()
            .seed(o.seed())
            .events(o.events())
            .start(o.start())
            .span(o.span())
            .lateFraction(o.lateFraction())
            .invalidFraction(o.invalidFraction())
            .build();
    Map<String, Long> hours = new TreeMap<>();
    try (var lines = TrafficGenerator.lines(config)) {
      lines
          .filter(GeneratedLine::valid)
          .forEach(
              l -> hours.merge(HOUR.format(l.eventTime().atOffset(ZoneOffset.UTC)), 1L, Long::sum));
    }
    return hours;
  }

  /** Lines per UTC hour of an Apache log, read with a regex of this test's own. */
  private static Map<String, Long> expectedHoursOfApacheLog(Path log) throws Exception {
    Pattern time = Pattern.compile("\\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})]");
    DateTimeFormatter apache =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
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
