package io.logpipe.sink.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.iceberg.TableLineage;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.Lineage;
import io.logpipe.sink.support.SinkProcess;
import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged {@code -all} jar on its own: help, and a real run into HDFS (services files merged).
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedHdfsExtension.class})
class ShadedJarIT {

  private static Path shadedJar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("logpipe-hdfs-sink-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no -all.jar in target/: run the package phase"));
    }
  }

  private static ChildJvm java(String... args) throws Exception {
    return ChildJvm.jar(shadedJar().toAbsolutePath()).args(args);
  }

  @Test
  void helpExitsZero() throws Exception {
    Process p = java("--help").start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out)
        .contains("Usage: logpipe sink", "--lake", "--bootstrap-servers"); // as typed in the image
  }

  @Test
  void jarWritesIntoHdfs(EmbeddedKafka kafka, EmbeddedHdfs hdfs) throws Exception {
    kafka.createTopic("curated_jar", 2);
    List<String> produced;
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), "curated_jar", 2)) {
      produced =
          producer.send(
              0, 2_000, 2_000, Instant.parse("2025-12-24T06:00:00Z"), Duration.ofHours(1), 0.0);
    }
    URI lake = URI.create(hdfs.uri() + "/datalake/jar");
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "shaded-jar.log");
    Process p =
        java(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--lake",
                lake.toString(),
                "--topic",
                "curated_jar",
                "--group-id",
                "jar",
                "--rotate-age",
                "PT1S",
                "--metrics-port",
                "0")
            .directory(Path.of(System.getProperty("java.io.tmpdir")))
            .start(log);
    try {
      SinkProcess.awaitLakeRows(
          p, lake, hdfs.configuration(), produced.size(), Duration.ofMinutes(2));
    } finally {
      ChildJvm.stop(p, Duration.ofSeconds(60));
    }
    Lineage.assertExactlyOnce(produced, lake, hdfs.configuration());
  }

  @Test
  void jarWritesAnIcebergTableIntoHdfs(EmbeddedKafka kafka, EmbeddedHdfs hdfs) throws Exception {
    kafka.createTopic("curated_jar_ice", 2);
    List<String> produced;
    try (EventProducer producer =
        new EventProducer(kafka.bootstrapServers(), "curated_jar_ice", 2)) {
      produced =
          producer.send(
              0, 2_000, 2_000, Instant.parse("2025-12-24T06:00:00Z"), Duration.ofHours(1), 0.0);
    }
    URI lake = URI.create(hdfs.uri() + "/datalake/jar-ice");
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "shaded-jar-iceberg.log");
    Process p =
        java(
                "--format",
                "iceberg",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--connect-timeout",
                "30s",
                "--lake",
                lake.toString(),
                "--topic",
                "curated_jar_ice",
                "--group-id",
                "jar-ice",
                "--rotate-age",
                "PT1S")
            .directory(Path.of(System.getProperty("java.io.tmpdir")))
            .start(log);
    try {
      Await.until(
          Duration.ofMinutes(2),
          produced.size() + " rows in the table",
          () -> {
            assertThat(p.isAlive()).as("sink alive, see " + log).isTrue();
            return TableLineage.committedRows(lake, hdfs.configuration()) >= produced.size();
          });
    } finally {
      ChildJvm.stop(p, Duration.ofSeconds(60));
    }
    TableLineage.assertExactlyOnce(produced, TableLineage.table(lake, hdfs.configuration()));
  }
}
