package io.logpipe.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProcessCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ProcessCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsEveryOption() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--bootstrap-servers",
            "--streams-config",
            "--streams-property",
            "--state-dir",
            "--application-id",
            "--partitions",
            "--replication-factor",
            "--[no-]create-topics",
            "--live-counts",
            "--metrics-port",
            "--connect-timeout");
    assertThat(out.toString())
        .as("old spellings are hidden aliases")
        .doesNotContain("--config=", "--property");
  }

  @Test
  void versionNamesTheProjectVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString())
        .startsWith("logpipe 0.1.0")
        .doesNotContain("unknown")
        .doesNotContain("${");
  }

  @Test
  void bootstrapServersComeFromTheCommandLineElseTheConfigFileElseTheDefault() throws Exception {
    Path file = Files.createTempFile("servers", ".properties");
    Files.writeString(file, "bootstrap.servers=from-file:9092\n");
    assertThat(parsed().effectiveProperties()).containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(parsed("--streams-config", file.toString()).effectiveProperties())
        .containsEntry("bootstrap.servers", "from-file:9092");
    assertThat(parsed("--config", file.toString(), "-b", "cli:9092").effectiveProperties())
        .containsEntry("bootstrap.servers", "cli:9092");
  }

  private static ProcessCommand parsed(String... args) {
    ProcessCommand cmd = new ProcessCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd;
  }

  @Test
  void invalidPropertyNamesKeyAndValue() {
    assertThat(run("--bootstrap-servers", "localhost:1", "-D", "logpipe.window.size=soon"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("logpipe.window.size", "soon");
  }

  @Test
  void aDurationWithoutUnitIsRefusedNamingTheAcceptedForms() {
    assertThat(run("--bootstrap-servers", "localhost:1", "-X", "logpipe.window.grace=30"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("logpipe.window.grace", "'30'", "a bare number has no unit", "30s", "PT6H");
  }

  @Test
  void unreadableConfigFileIsAClearError() {
    assertThat(run("--bootstrap-servers", "localhost:1", "--config", "/nonexistent/app.properties"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("/nonexistent/app.properties");
  }

  @Test
  void malformedConfigFileIsAOneLineError() throws Exception {
    Path file = Files.createTempFile("bad", ".properties");
    Files.writeString(file, "foo=\\u12zz\n");
    assertThat(run("--bootstrap-servers", "localhost:1", "--config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(file.toString(), "Malformed").doesNotContain("\tat ");
  }

  @Test
  void startFailureNamesTheCauseNotOnlyTheWrapper() {
    Exception wrapped =
        new org.apache.kafka.common.KafkaException(
            "Failed to create new KafkaAdminClient",
            new org.apache.kafka.common.config.ConfigException(
                "Invalid value x for configuration retries"));
    assertThat(ProcessCommand.causes(wrapped))
        .isEqualTo(
            "Failed to create new KafkaAdminClient: Invalid value x for configuration retries");
    assertThat(ProcessCommand.isBadClientConfig(wrapped)).isTrue();
    assertThat(ProcessCommand.isBadClientConfig(new IllegalStateException("broker down")))
        .isFalse();
  }

  @Test
  void configFileThenPropertiesThenOptions() throws Exception {
    Path file = Files.createTempFile("app", ".properties");
    Files.writeString(
        file,
        "bootstrap.servers=from-file:9092\nlogpipe.window.size=2m\napplication.id=file-app\n");
    ProcessCommand cmd = new ProcessCommand();
    new CommandLine(cmd)
        .parseArgs(
            "--config",
            file.toString(),
            "-D",
            "logpipe.window.size=3m",
            "--application-id",
            "cli-app",
            "--no-create-topics",
            "--partitions",
            "6");
    var props = cmd.effectiveProperties();
    assertThat(props)
        .containsEntry("bootstrap.servers", "from-file:9092")
        .containsEntry("logpipe.window.size", "3m")
        .containsEntry("application.id", "cli-app")
        .containsEntry("logpipe.topics.create", "false")
        .containsEntry("logpipe.topics.partitions", "6");
  }
}
