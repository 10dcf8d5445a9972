package io.logpipe.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedKafkaExtension.class)
class IngestCommandsIT {

  private static final java.time.Duration DEADLINE = java.time.Duration.ofSeconds(90);

  private final CapturedCommand cli = new CapturedCommand();

  @Test
  void produceSendsTheRequestedEventsAndPrintsASummary(EmbeddedKafka kafka) {
    kafka.createTopic("cli-produce", 2);
    int code =
        cli.run(
            "produce",
            "-b",
            kafka.bootstrapServers(),
            "-t",
            "cli-produce",
            "--events",
            "3000",
            "--start",
            "2026-11-20T00:00:00Z",
            "--span",
            "1h",
            "--late-fraction",
            "0.05",
            "--invalid-fraction",
            "0.05",
            "--compression",
            "zstd");
    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).contains("completed: 3,000 lines sent, 3,000 acknowledged, 0 failed");
  }

  @Test
  void ingestFileSendsASampleFile(EmbeddedKafka kafka, @TempDir Path dir) throws IOException {
    kafka.createTopic("cli-files", 1);
    Path file = dir.resolve("access.log");
    try (InputStream in = getClass().getResourceAsStream("/apache_access_sample.log")) {
      Files.copy(in, file);
    }
    int code =
        cli.run(
            "ingest-file",
            "-b",
            kafka.bootstrapServers(),
            "-t",
            "cli-files",
            "--host",
            "www.example.org",
            file.toString());
    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).contains("5,000 acknowledged");
  }

  @Test
  void aMissingTopicIsAClearErrorNotAHang(EmbeddedKafka kafka) {
    int code =
        cli.run(
            "produce",
            "-b",
            kafka.bootstrapServers(),
            "-t",
            "no-such-topic",
            "--events",
            "10",
            "-X",
            "max.block.ms=1500");
    assertThat(code).isEqualTo(1);
    assertThat(cli.err()).contains("no-such-topic").contains("topic missing");
  }

  private static Path shadedJar() throws IOException {
    Path jar = null;
    try (DirectoryStream<Path> target =
        Files.newDirectoryStream(Path.of("target"), "logpipe-ingest-*-all.jar")) {
      for (Path p : target) {
        jar = p;
      }
    }
    assertThat(jar).as("shaded jar built by the package phase").isNotNull();
    return jar;
  }

  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @Test
  void aSignalStopsTheJarCleanlyWithAFlushedSummary(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
    kafka.createTopic("cli-signal", 1);
    Path stderr = dir.resolve("stderr.txt");
    Path stdout = dir.resolve("stdout.txt");
    Process p =
        new ProcessBuilder(
                JAVA.toString(),
                "-jar",
                shadedJar().toString(),
                "produce",
                "-b",
                kafka.bootstrapServers(),
                "-t",
                "cli-signal",
                "--rate",
                "2000")
            .redirectError(stderr.toFile())
            .redirectOutput(stdout.toFile())
            .start();
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(consumerProps(kafka))) {
      var tp = new org.apache.kafka.common.TopicPartition("cli-signal", 0);
      consumer.assign(java.util.List.of(tp));
      try {
        Await.until(
            DEADLINE,
            "1,000 lines from the jar",
            () -> consumer.endOffsets(java.util.List.of(tp)).get(tp) >= 1_000);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; jar stderr: " + Files.readString(stderr), e);
      }
      // What Ctrl-C sends.
      Process kill = new ProcessBuilder("sh", "-c", "kill -INT " + p.pid()).inheritIO().start();
      assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(stdout);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  "stopped: ([\\d,]+) lines sent, ([\\d,]+) acknowledged, 0 failed")
              .matcher(out);
      assertThat(m.find()).as(out + Files.readString(stderr)).isTrue();
      long acknowledged = Long.parseLong(m.group(2).replace(",", ""));
      assertThat(m.group(1)).isEqualTo(m.group(2));
      assertThat(p.exitValue()).isEqualTo(130);
      assertThat(consumer.endOffsets(java.util.List.of(tp)).get(tp)).isEqualTo(acknowledged);
    } finally {
      p.destroyForcibly();
    }
  }

  private static java.util.Properties consumerProps(EmbeddedKafka kafka) {
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return props;
  }

  @Test
  void theShadedJarRunsOnItsOwn() throws Exception {
    Path jar = shadedJar();
    Path java = JAVA;
    Process p =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "produce", "--help")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("--span", "--late-fraction");

    Process missing =
        new ProcessBuilder(java.toString(), "-jar", jar.toString(), "ingest-file", "/no/such.log")
            .redirectErrorStream(true)
            .start();
    String missingOut = new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(missing.exitValue()).as(missingOut).isEqualTo(3);
    assertThat(missingOut).contains("input file not found: /no/such.log");
  }
}
