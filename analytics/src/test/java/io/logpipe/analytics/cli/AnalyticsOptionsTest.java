package io.logpipe.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.AnalyticsConfig;
import io.logpipe.analytics.BatchAnalytics;
import io.logpipe.analytics.table.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option parsing and usage errors; none of these start Spark. */
class AnalyticsOptionsTest {

  private static AnalyticsConfig parse(String... args) {
    AnalyticsOptions options = new AnalyticsOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig();
  }

  @Test
  void defaults() {
    AnalyticsConfig c = parse("--lake", "hdfs://nn:8020/datalake/logs/");
    assertThat(c.top()).isEqualTo(20);
    assertThat(c.output()).isEqualTo("hdfs://nn:8020/datalake/logs/analytics");
    assertThat(c.curatedPath()).isEqualTo("hdfs://nn:8020/datalake/logs/curated");
    assertThat(c.master()).isEmpty();
    assertThat(c.range()).isEmpty();
    assertThat(c.completeOnly()).isFalse();
  }

  @Test
  void everyOption() {
    AnalyticsConfig c =
        parse(
            "--lake",
            "/lake",
            "--from",
            "2025-12-24T05",
            "--to",
            "2025-12-25",
            "--top",
            "3",
            "--output",
            "/out",
            "--master",
            "local[2]",
            "--complete-only");
    assertThat(c.from()).contains(LocalDateTime.of(2025, 12, 24, 5, 0));
    assertThat(c.to()).contains(LocalDateTime.of(2025, 12, 25, 23, 0));
    assertThat(c.range().orElseThrow().label()).isEqualTo("2025-12-24T05_2025-12-25T23");
    assertThat(c.top()).isEqualTo(3);
    assertThat(c.output()).isEqualTo("/out");
    assertThat(c.master()).isEqualTo(Optional.of("local[2]"));
    assertThat(c.completeOnly()).isTrue();
  }

  @Test
  void hourWatchAndPollInterval() {
    AnalyticsConfig hour = parse("--lake", "/lake", "--hour", "2026-12-06T13");
    assertThat(hour.hour()).contains(LocalDateTime.of(2026, 12, 6, 13, 0));
    assertThat(hour.watch()).isFalse();
    assertThat(hour.range()).as("--hour refreshes the tables over the whole lake").isEmpty();
    assertThat(parse("--lake", "/l", "--from", "2026-12-06", "--hour", "2026-12-06T00").hour())
        .isPresent();

    AnalyticsConfig watch = parse("--lake", "/lake", "--watch", "--poll-interval", "500ms");
    assertThat(watch.watch()).isTrue();
    assertThat(watch.completeOnly()).as("--watch computes complete hours only").isTrue();
    assertThat(watch.pollInterval()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(parse("--lake", "/lake").pollInterval())
        .isEqualTo(AnalyticsConfig.DEFAULT_POLL_INTERVAL);
    assertThat(parse("--lake", "/lake", "--poll-interval", "PT2S").pollInterval())
        .isEqualTo(java.time.Duration.ofSeconds(2));

    for (String[] args :
        new String[][] {
          {"--lake", "/l", "--hour", "2026-12-06"},
          {"--lake", "/l", "--hour", "2026-12-06T24"},
          {"--lake", "/l", "--hour", "2026-12-06T13", "--from", "2026-12-07"},
          {"--lake", "/l", "--hour", "2026-12-06T13", "--watch"},
          {"--lake", "/l", "--watch", "--poll-interval", "soon"},
          {"--lake", "/l", "--watch", "--poll-interval", "0s"}
        }) {
      Result r = run(args);
      assertThat(r.code).as(String.join(" ", args)).isEqualTo(BatchAnalytics.EXIT_USAGE);
      assertThat(r.err).startsWith("error: ");
    }
  }

  @Test
  void theLakesZoneIsUtcUnlessGiven() {
    assertThat(parse("--lake", "/lake").zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(parse("--lake", "/lake", "--zone", "Europe/Paris").zone())
        .isEqualTo(ZoneId.of("Europe/Paris"));
    Result r = run("--lake", "/l", "--zone", "Mars/Olympus");
    assertThat(r.code).isEqualTo(BatchAnalytics.EXIT_USAGE);
    assertThat(r.err).startsWith("error: ").contains("--zone");
  }

  @Test
  void helpExitsZeroAndListsEveryOption() {
    Result r = run("--help");
    assertThat(r.code).isZero();
    assertThat(r.out)
        .contains(
            "--lake",
            "--from",
            "--to",
            "--complete-only",
            "--hour",
            "--watch",
            "--poll-interval",
            "--top",
            "--output",
            "--master",
            "--metrics-port",
            "--metrics-bind");
  }

  @Test
  void metricsAreServedByTheWatchOnly() {
    Result r = run("--lake", "/l", "--metrics-port", "0");
    assertThat(r.code).isEqualTo(BatchAnalytics.EXIT_USAGE);
    assertThat(r.err).startsWith("error: --metrics-port serves the meters of a running --watch");
  }

  @Test
  void aPortThatCannotBeServedIsAUsageErrorBeforeSparkStarts() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r =
          run("--lake", "/l", "--watch", "--metrics-port", String.valueOf(taken.getLocalPort()));
      assertThat(r.code).isEqualTo(BatchAnalytics.EXIT_USAGE);
      assertThat(r.err)
          .startsWith("error: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void tableAndTimeTravel() {
    assertThat(parse("--lake", "/l").table()).isEmpty();
    TableSpec byName = parse("--lake", "/l", "--table", "logs.curated").table().orElseThrow();
    assertThat(byName.table()).isEqualTo("logs.curated");
    assertThat(byName.byLocation()).isFalse();
    assertThat(byName.asOf()).isEmpty();
    TableSpec byId =
        parse("--lake", "/l", "--table", "hdfs://nn/lake/curated", "--as-of", "8815")
            .table()
            .orElseThrow();
    assertThat(byId.byLocation()).isTrue();
    assertThat(byId.asOf()).contains(new TableSpec.SnapshotId(8815));
    assertThat(
            parse("--lake", "/l", "--table", "curated", "--as-of", "2026-11-23T14:00:00+01:00")
                .table()
                .orElseThrow()
                .asOf())
        .contains(new TableSpec.Timestamp(Instant.parse("2026-11-23T13:00:00Z")));
    TableSpec rest =
        parse(
                "--lake",
                "/l",
                "--table",
                "curated",
                "--catalog-uri",
                "http://127.0.0.1:8181",
                "--catalog-property",
                "token=t")
            .table()
            .orElseThrow();
    assertThat(rest.catalogUri()).contains("http://127.0.0.1:8181");
    assertThat(rest.catalogProperties()).containsEntry("token", "t");
  }

  @Test
  void badTableOptionsExitTwoWithAMessage() {
    for (String[][] c :
        new String[][][] {
          {{"--lake", "/l", "--as-of", "1"}, {"--as-of needs --table"}},
          {{"--lake", "/l", "--catalog-uri", "http://x"}, {"--catalog-uri needs --table"}},
          {{"--lake", "/l", "--table", "cur ated"}, {"--table must be NAME"}},
          {
            {"--lake", "/l", "--table", "curated", "--as-of", "monday"},
            {"--as-of monday: expected"}
          },
          {
            {"--lake", "/l", "--table", "curated", "--catalog-property", "a=b"},
            {"--catalog-property needs --catalog-uri"}
          },
          {
            {"--lake", "/l", "--table", "/t/curated", "--catalog-uri", "http://x"},
            {"--catalog-uri takes a table NAME"}
          }
        }) {
      Result r = run(c[0]);
      assertThat(r.code).as(String.join(" ", c[0])).isEqualTo(BatchAnalytics.EXIT_USAGE);
      assertThat(r.err).as(String.join(" ", c[0])).startsWith("error: ").contains(c[1][0]);
    }
  }

  @Test
  void badOptionsExitTwoWithAMessage() {
    assertThat(run().err).contains("Missing required option: '--lake=URI'");
    for (String[] args :
        new String[][] {
          {"--lake", "/l", "--top", "0"},
          {"--lake", "/l", "--from", "yesterday"},
          {"--lake", "/l", "--from", "2025-12-25", "--to", "2025-12-24"},
          {"--lake", "/l", "--top", "many"},
          {"--lake"}
        }) {
      Result r = run(args);
      assertThat(r.code).as(String.join(" ", args)).isEqualTo(BatchAnalytics.EXIT_USAGE);
      assertThat(r.err).startsWith("error: ").contains("--help");
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        BatchAnalytics.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
