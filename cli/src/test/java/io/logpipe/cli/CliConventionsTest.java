package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.cli.analytics.AnalyticsLauncher;
import io.logpipe.commandline.LogpipeVersion;
import io.logpipe.processor.config.ProcessorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Walks the picocli model of every {@code logpipe} subcommand and checks the conventions of issue
 * 14 (README, "Command-line conventions"): the shared option names, short forms and defaults,
 * durations, examples and exit codes in every help, one version string, usage lines naming the
 * command as typed.
 */
class CliConventionsTest {

  /** Subcommands that talk to Kafka, and the client kind of their properties. */
  private static final Set<String> NOT_KAFKA_CLIENT_FLAGS = Set.of("--catalog-property");

  private static final Map<String, String> KAFKA_CLIENT_KIND =
      Map.of(
          "produce",
          "producer",
          "ingest-file",
          "producer",
          "process",
          "streams",
          "sink",
          "consumer",
          "consume-counts",
          "consumer",
          "dashboard",
          "consumer");

  /** Subcommands that read or write one topic. */
  private static final Set<String> ONE_TOPIC =
      Set.of("produce", "ingest-file", "sink", "consume-counts");

  /** Kafka clients with a metrics endpoint ({@code local} has one too, checked on its own). */
  private static final Set<String> SERVES_METRICS =
      Set.of("process", "sink", "produce", "ingest-file");

  /**
   * Every subcommand as typed after {@code logpipe}, with its model. {@code analytics} passes its
   * arguments to the Spark job in its own JVM, whose jar carries a relocated picocli: {@code
   * AnalyticsConventionsIT} checks its help and version by running it.
   */
  private static Map<String, CommandLine> subcommands() {
    Map<String, CommandLine> subs = new LinkedHashMap<>();
    Logpipe.commandLine()
        .getSubcommands()
        .forEach(
            (name, cl) -> {
              if (!name.equals("help") && !name.equals("analytics")) {
                subs.put(name, cl);
              }
            });
    assertThat(subs.keySet())
        .containsExactlyInAnyOrder(
            "local", "produce", "ingest-file", "process", "sink", "consume-counts", "dashboard");
    return subs;
  }

  @Test
  void everySubcommandHasHelpVersionExamplesAndExitCodes() {
    subcommands()
        .forEach(
            (name, cl) -> {
              CommandSpec spec = cl.getCommandSpec();
              assertThat(spec.findOption("-h")).as("%s -h", name).isNotNull();
              assertThat(spec.findOption("-h").longestName()).isEqualTo("--help");
              assertThat(spec.findOption("-V")).as("%s -V", name).isNotNull();
              assertThat(spec.findOption("-V").longestName()).isEqualTo("--version");

              assertThat(spec.usageMessage().exitCodeListHeading())
                  .as("%s exit-code heading", name)
                  .isEqualTo("%nExit codes:%n");
              assertThat(spec.usageMessage().exitCodeList())
                  .as("%s exit codes", name)
                  .containsKeys("2");
              assertThat(spec.usageMessage().exitCodeList().keySet())
                  .as("%s: the code of a failure", name)
                  .anyMatch(code -> code.startsWith("1") || code.startsWith("0"));

              assertThat(spec.usageMessage().footerHeading())
                  .as("%s examples heading", name)
                  .isEqualTo("%nExamples:%n");
              assertThat(String.join("\n", spec.usageMessage().footer()))
                  .as("%s example names the command as typed", name)
                  .contains("logpipe " + name);
            });
  }

  @Test
  void helpNamesTheCommandAsTypedAndFitsEightyColumns() {
    subcommands()
        .forEach(
            (name, cl) -> {
              cl.setUsageHelpWidth(80);
              String help = cl.getUsageMessage();
              assertThat(help).as("%s usage line", name).startsWith("Usage: logpipe " + name + " ");
              List<String> lines = help.lines().toList();
              int examples = lines.indexOf("Examples:");
              assertThat(examples).as("%s has an Examples section", name).isPositive();
              for (String line : cl.getCommandSpec().usageMessage().footer()) {
                assertThat(lines.subList(examples + 1, lines.size()))
                    .as("%s: footer line printed whole, not wrapped", name)
                    .contains(line);
                assertThat(line.length()).as("%s: '%s'", name, line).isLessThanOrEqualTo(80);
              }
              assertThat(help).as("%s lists exit codes", name).contains("Exit codes:");
            });
  }

  @Test
  void oneVersionStringEverywhere() throws Exception {
    String version = LogpipeVersion.text();
    assertThat(version)
        .as("project version, plus the commit of this checkout")
        .matches("logpipe \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{12}(-dirty)?\\)");
    assertThat(Logpipe.commandLine().getCommandSpec().version()).containsExactly(version);
    subcommands()
        .forEach(
            (name, cl) ->
                assertThat(cl.getCommandSpec().version())
                    .as("%s -V", name)
                    .containsExactly(version));
  }

  @Test
  void kafkaCommandsShareServersClientPropertiesAndConnectCheck() {
    Map<String, CommandLine> subs = subcommands();
    Map<String, String> metricsDescription = new LinkedHashMap<>();
    KAFKA_CLIENT_KIND.forEach(
        (name, kind) -> {
          CommandSpec spec = subs.get(name).getCommandSpec();
          OptionSpec servers = spec.findOption("-b");
          assertThat(servers).as("%s -b", name).isNotNull();
          assertThat(servers.longestName()).isEqualTo("--bootstrap-servers");
          assertThat(servers.defaultValueString())
              .as("%s default servers", name)
              .isEqualTo("localhost:9092");
          assertThat(servers.required()).isFalse();
          assertThat(spec.findOption("--connect-timeout").defaultValueString())
              .as(name)
              .isEqualTo("5s");

          OptionSpec property = spec.findOption("-X");
          assertThat(property).as("%s -X", name).isNotNull();
          assertThat(property.longestName()).isEqualTo("--" + kind + "-property");
          assertThat(property.isMultiValue()).isTrue();
          assertThat(property.type()).isEqualTo(Map.class);
          assertThat(spec.findOption("--" + kind + "-config"))
              .as("%s --%s-config", name, kind)
              .isNotNull();
          List<String> visibleClientFlags = new ArrayList<>();
          spec.options().stream()
              .filter(o -> !o.hidden())
              .filter(
                  o -> o.longestName().endsWith("-property") || o.longestName().endsWith("-config"))
              // Flags of other systems (the sink's Iceberg --catalog-property) are not Kafka's.
              .filter(o -> !NOT_KAFKA_CLIENT_FLAGS.contains(o.longestName()))
              .forEach(o -> visibleClientFlags.add(o.longestName()));
          assertThat(visibleClientFlags)
              .as("%s: one Kafka KEY=VALUE flag and one file flag", name)
              .containsExactlyInAnyOrder("--" + kind + "-property", "--" + kind + "-config");

          if (ONE_TOPIC.contains(name)) {
            OptionSpec topic = spec.findOption("-t");
            assertThat(topic).as("%s -t", name).isNotNull();
            assertThat(topic.longestName()).isEqualTo("--topic");
            assertThat(topic.defaultValueString()).as("%s default topic", name).startsWith("logs_");
          }
          if (SERVES_METRICS.contains(name)) {
            metricsDescription.put(
                name, String.join(" ", spec.findOption("--metrics-port").description()));
          }
        });
    metricsDescription.put(
        "local",
        String.join(
            " ", subs.get("local").getCommandSpec().findOption("--metrics-port").description()));
    assertThat(metricsDescription).hasSize(SERVES_METRICS.size() + 1);
    assertThat(Set.copyOf(metricsDescription.values()))
        .as("one --metrics-port convention")
        .hasSize(1);
  }

  @Test
  void everyDurationOptionAcceptsUnitsAndIso8601() throws Exception {
    int durations = 0;
    for (var e : subcommands().entrySet()) {
      for (OptionSpec option : e.getValue().getCommandSpec().options()) {
        if (option.type() != Duration.class) {
          continue;
        }
        durations++;
        assertThat(option.converters())
            .as("%s %s has a converter", e.getKey(), option.longestName())
            .isNotEmpty();
        var converter = option.converters()[0];
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("pt6h")).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> converter.convert("10"))
            .as("%s %s refuses a bare number", e.getKey(), option.longestName())
            .hasMessageContaining("has no unit");
        assertThat(option.paramLabel())
            .as("%s %s", e.getKey(), option.longestName())
            .isEqualTo("DURATION");
        if (option.defaultValue() != null) {
          assertThat(option.defaultValue())
              .as("%s %s default in the short form", e.getKey(), option.longestName())
              .doesNotStartWith("P");
        }
      }
    }
    assertThat(durations).as("durations across the subcommands").isGreaterThan(10);
  }

  @Test
  void aDurationMeansTheSameAsAProcessorPropertyAndAsAnOption() {
    for (String text : List.of("500ms", "10s", "5m", "6h", "2d", "PT1M30S", "pt45s")) {
      var process =
          Logpipe.commandLine()
              .parseArgs("process", "-X", ProcessorConfig.WINDOW_GRACE + "=" + text)
              .subcommand();
      Map<String, String> properties = process.matchedOptionValue("-X", Map.of());
      Duration grace = ProcessorConfig.from(properties).windowGrace();
      var consume =
          Logpipe.commandLine().parseArgs("consume-counts", "--idle-timeout", text).subcommand();
      Duration idle = consume.matchedOptionValue("--idle-timeout", Duration.ZERO);
      var sink =
          Logpipe.commandLine()
              .parseArgs("sink", "--lake", "file:///tmp/lake", "--idle-timeout", text)
              .subcommand();
      assertThat(grace).as(text).isEqualTo(idle);
      assertThat(sink.matchedOptionValue("--idle-timeout", Duration.ZERO)).as(text).isEqualTo(idle);
    }
    assertThatThrownBy(() -> ProcessorConfig.from(Map.of(ProcessorConfig.WINDOW_GRACE, "10")))
        .hasMessageContaining("a bare number has no unit");
    assertThatThrownBy(
            () -> Logpipe.commandLine().parseArgs("consume-counts", "--idle-timeout", "10"))
        .hasMessageContaining("has no unit");
  }

  @Test
  void oldSpellingsStillParseButAreHidden() {
    var process =
        Logpipe.commandLine()
            .parseArgs("process", "--config", "app.properties", "-D", "a=b", "--property", "c=d")
            .subcommand();
    assertThat(process.matchedOptionValue("--config", Path.of("")).toString())
        .isEqualTo("app.properties");
    assertThat(process.commandSpec().findOption("--config").hidden()).isTrue();
    assertThat(process.commandSpec().findOption("-D").hidden()).isTrue();
    var sink =
        Logpipe.commandLine()
            .parseArgs("sink", "--lake", "file:///tmp/lake", "-C", "a=b")
            .subcommand();
    assertThat(sink.hasMatchedOption("-C")).isTrue();
    assertThat(sink.commandSpec().findOption("-C").hidden()).isTrue();
  }

  @Test
  void theAnalyticsJobIsToldTheNameItWasTypedAs(@TempDir Path launch) throws Exception {
    Files.writeString(launch.resolve("classpath.txt"), "/nowhere.jar");
    Files.writeString(
        launch.resolve("jvm-options.txt"), "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED\n");
    List<String> cmd = new AnalyticsLauncher(launch).command(List.of("--help"));
    assertThat(cmd).contains("-D" + AnalyticsLauncher.COMMAND_NAME_PROPERTY + "=logpipe analytics");
    assertThat(cmd.indexOf("-D" + AnalyticsLauncher.COMMAND_NAME_PROPERTY + "=logpipe analytics"))
        .isLessThan(cmd.indexOf(AnalyticsLauncher.MAIN_CLASS));
  }
}
