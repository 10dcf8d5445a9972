package io.logpipe.sink.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.SinkConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SinkCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(SinkCommand command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void helpListsEveryOptionAndExitsZero() {
    assertThat(run(new SinkCommand(), "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--bootstrap-servers",
            "--lake",
            "--hadoop-conf",
            "--metrics-port",
            "--rotate-age",
            "--allowed-lateness",
            "--max-open-writers",
            "--consumer-property",
            "--zone");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    assertThat(run(new SinkCommand(), "--bootstrap-servers", "localhost:9092")).isEqualTo(2);
    assertThat(err.toString()).contains("--lake");
  }

  @Test
  void badConfigurationIsReportedWithoutAStackTrace() {
    assertThat(
            run(new SinkCommand(), "--bootstrap-servers", "localhost:9092", "--lake", "no-scheme"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid configuration")
        .contains("scheme")
        .doesNotContain("\tat ");
    assertThat(
            run(
                new SinkCommand(),
                "--bootstrap-servers",
                "k:9092",
                "--lake",
                "file:///tmp/l",
                "--hadoop-conf",
                "/does/not/exist"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("/does/not/exist");
  }

  @Test
  void settingsRefusedAtStartAreConfigurationErrors() throws Exception {
    assertThat(
            run(new SinkCommand(), "--bootstrap-servers", "localhost:9092", "--lake", "foo://x/y"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("foo").doesNotContain("\tat ");
    assertThat(
            run(
                new SinkCommand(),
                "--bootstrap-servers",
                "localhost:9092",
                "--lake",
                "file:///tmp/l",
                "-C",
                "max.poll.records=abc"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("max.poll.records", "abc");
    assertThat(
            run(
                new SinkCommand(),
                "--bootstrap-servers",
                "localhost:9092",
                "--lake",
                "file:///tmp/l",
                "--consumer-config",
                "/no/such/consumer.properties"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("/no/such/consumer.properties: no such readable file");
  }

  @Test
  void aSinkWithoutPartitionsSaysSoAfterThirtySeconds() {
    SinkCommand cmd = new SinkCommand();
    new CommandLine(cmd).parseArgs("--bootstrap-servers", "127.0.0.1:1", "--lake", "file:///tmp/l");
    io.logpipe.sink.SinkCounters none = new io.logpipe.sink.SinkCounters(0, 0, 0, 0, 0, 0, 0, 0);
    io.logpipe.sink.SinkCounters one = new io.logpipe.sink.SinkCounters(0, 0, 0, 0, 0, 0, 0, 1);
    assertThat(cmd.unassignedWarning(none, java.time.Duration.ofSeconds(29))).isNull();
    assertThat(cmd.unassignedWarning(one, java.time.Duration.ofMinutes(5))).isNull();
    assertThat(cmd.unassignedWarning(none, java.time.Duration.ofSeconds(31)))
        .contains("No partition of logs_curated assigned after 31 s", "127.0.0.1:1");
  }

  @Test
  void optionsAndConsumerPropertiesMapToTheConfig() throws Exception {
    SinkCommand cmd = new SinkCommand();
    new CommandLine(cmd)
        .parseArgs(
            "--bootstrap-servers",
            "k1:9092,k2:9092",
            "--lake",
            "hdfs://nn:8020/datalake/logs",
            "--zone",
            "Europe/Paris",
            "--codec",
            "ZSTD",
            "--rotate-records",
            "500",
            "--rotate-age",
            "PT30S",
            "--allowed-lateness",
            "PT5M",
            "--max-open-writers",
            "8",
            "--worker-threads",
            "0",
            "-C",
            "security.protocol=SSL",
            "-C",
            "max.poll.records=100",
            "--group-id",
            "g1");
    SinkConfig c = cmd.config();
    assertThat(c.lake()).isEqualTo(URI.create("hdfs://nn:8020/datalake/logs"));
    assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(c.codec()).isEqualTo(SinkConfig.Codec.ZSTD);
    assertThat(c.rotateRecords()).isEqualTo(500);
    assertThat(c.rotateAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.idleTimeout()).as("defaults to the rotate age").isEqualTo(Duration.ofSeconds(30));
    assertThat(c.allowedLateness()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.maxOpenWriters()).isEqualTo(8);
    assertThat(c.workerThreads()).isZero();
    assertThat(c.groupId()).isEqualTo("g1");
    assertThat(c.consumerProperties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("max.poll.records", "100");
  }

  @Test
  void helpNamesTheIcebergModeAndItsOptions() {
    assertThat(run(new SinkCommand(), "--help")).isZero();
    assertThat(out.toString())
        .contains("--format", "iceberg", "--table", "--catalog-uri", "--catalog-property");
  }

  @Test
  void theFileModeRefusesAnObjectStoreNamingTheIcebergMode() {
    for (String lake : new String[] {"s3a://bucket/lake", "s3://bucket/lake", "gs://bucket/lake"}) {
      err.getBuffer().setLength(0);
      assertThat(run(new SinkCommand(), "--connect-timeout", "0s", "--lake", lake))
          .as(lake)
          .isEqualTo(2);
      assertThat(err.toString())
          .contains(lake, "object store", "--format iceberg")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void anUnknownFormatOrABadCatalogUriIsAUsageError() {
    assertThat(run(new SinkCommand(), "--lake", "file:///tmp/x", "--format", "delta")).isEqualTo(2);
    assertThat(err.toString()).contains("'delta' is not a format: file or iceberg");
    err.getBuffer().setLength(0);
    assertThat(
            run(
                new SinkCommand(),
                "--lake",
                "file:///tmp/x",
                "--format",
                "iceberg",
                "--catalog-uri",
                "thrift://metastore:9083"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Invalid configuration", "REST catalog", "thrift://");
  }

  @Test
  void theFileModeRefusesTableAndCatalogOptions() {
    assertThat(
            run(
                new SinkCommand(),
                "--connect-timeout",
                "0s",
                "--lake",
                "file:///tmp/x",
                "--table",
                "web.logs",
                "--catalog-property",
                "warehouse=/tmp/w"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid configuration", "--table, --catalog-property", "--format iceberg")
        .doesNotContain("\tat ");
  }
}
