package io.logpipe.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.commandline.Durations;
import io.logpipe.commandline.KafkaConnection;
import io.logpipe.ingest.file.FileReaderConfig;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.run.IngestSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {

  private final CapturedCommand cli = new CapturedCommand();

  @Test
  void everyCommandHasHelp() {
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("produce", "ingest-file");
    assertThat(cli.run("produce", "--help")).isZero();
    assertThat(cli.out())
        .contains(
            "--rate",
            "--events",
            "--duration",
            "--seed",
            "--start",
            "--span",
            "--late-fraction",
            "--invalid-fraction",
            "--producer-config",
            "--compression",
            "--key");
    assertThat(cli.run("ingest-file", "--help")).isZero();
    assertThat(cli.out()).contains("--host", "--follow", "--state-dir", "at least once");
  }

  @Test
  void optionsBecomeTheGeneratorConfig() {
    ProduceCommand produce = new ProduceCommand();
    new CommandLine(produce)
        .parseArgs(
            "--events",
            "1000",
            "--start",
            "2026-11-20T00:00:00Z",
            "--span",
            "6h",
            "--seed",
            "9",
            "--late-fraction",
            "0.1",
            "--invalid-fraction",
            "0.05",
            "--hosts",
            "a.example,b.example",
            "--compression",
            "zstd",
            "--key",
            "host",
            "-X",
            "linger.ms=50");
    GeneratorConfig c = produce.generatorConfig();
    assertThat(c.events()).isEqualTo(1000);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    assertThat(c.span()).isEqualTo(Duration.ofHours(6));
    assertThat(c.seed()).isEqualTo(9);
    assertThat(c.hosts()).containsExactly("a.example", "b.example");
    var settings = produce.kafka.toSettings();
    assertThat(settings.toProperties())
        .containsEntry("compression.type", "zstd")
        .containsEntry("linger.ms", "50")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all");
    assertThat(settings.keyMode().name()).isEqualTo("HOST");
  }

  @Test
  void theOptionsDefaultsAreTheConfigsDefaults(@TempDir Path dir) {
    Instant start = Instant.parse("2026-11-20T00:00:00Z");
    ProduceCommand produce = new ProduceCommand();
    new CommandLine(produce).parseArgs("--start", start.toString());
    assertThat(produce.generatorConfig()).isEqualTo(GeneratorConfig.builder().start(start).build());
    assertThat(produce.kafka.toSettings())
        .isEqualTo(
            ProducerSettings.builder()
                .connectTimeout(Durations.parse(KafkaConnection.DEFAULT_CONNECT_TIMEOUT))
                .build());
    IngestFileCommand files = new IngestFileCommand();
    new CommandLine(files).parseArgs(dir.toString());
    assertThat(files.readerConfig())
        .isEqualTo(FileReaderConfig.builder(java.util.List.of(dir)).build());
  }

  @Test
  void acksAndIdempotenceCannotBeWeakened() {
    ProduceCommand produce = new ProduceCommand();
    new CommandLine(produce).parseArgs("-X", "acks=1", "-X", "enable.idempotence=false");
    assertThat(produce.kafka.toSettings().toProperties())
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true");
  }

  @Test
  void aMissingFileIsAClearErrorWithItsOwnExitCode(@TempDir Path dir) {
    // No broker is needed: input is checked before connecting.
    int code =
        cli.run(
            "ingest-file",
            "--bootstrap-servers",
            "127.0.0.1:1",
            dir.resolve("missing.log").toString());
    assertThat(code).isEqualTo(IngestSummary.EXIT_INPUT_ERROR);
    assertThat(cli.err()).contains("input file not found").contains("missing.log");
  }

  @Test
  void followRefusesGzipAndUnwritableStateBeforeConnecting(@TempDir Path dir) throws Exception {
    Path gz = dir.resolve("old.log.gz");
    try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
      out.write("line\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    assertThat(cli.run("ingest-file", "-b", "127.0.0.1:1", "--follow", gz.toString()))
        .isEqualTo(IngestSummary.EXIT_INPUT_ERROR);
    assertThat(cli.err()).contains("cannot follow a compressed file");

    Path log = java.nio.file.Files.writeString(dir.resolve("app.log"), "line\n");
    Path notADir = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
    assertThat(
            cli.run(
                "ingest-file",
                "-b",
                "127.0.0.1:1",
                "--follow",
                "--state-dir",
                notADir.resolve("sub").toString(),
                log.toString()))
        .isEqualTo(IngestSummary.EXIT_INPUT_ERROR);
    assertThat(cli.err()).contains("--follow state");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(cli.run("produce", "--duration", "soon")).isEqualTo(IngestSummary.EXIT_USAGE);
    assertThat(cli.err()).contains("not a duration");
    assertThat(cli.run("produce", "--span", "1h")).isEqualTo(IngestSummary.EXIT_USAGE);
    assertThat(cli.err()).contains("--events");
    assertThat(cli.run("produce", "--compression", "brotli")).isEqualTo(IngestSummary.EXIT_USAGE);
    assertThat(cli.run("produce", "--producer-config", "/no/such/file.properties"))
        .isEqualTo(IngestSummary.EXIT_USAGE);
    assertThat(cli.err())
        .contains("--producer-config /no/such/file.properties: no such readable file");
  }

  @Test
  void timesAcceptFriendlyForms() {
    InstantConverter ic = new InstantConverter();
    assertThat(ic.convert("2026-11-20")).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    assertThat(ic.convert("2026-11-20T01:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
  }
}
