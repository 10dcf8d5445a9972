package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.cli.Logpipe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code logpipe local --table-format iceberg} end to end: the sink writes the Iceberg table, the
 * reconciliation counts the table's rows and its hour marks, and the Spark job (its own JVM) reads
 * the table: its requests per hour equal what the generator wrote.
 */
class LocalIcebergIT {

  @TempDir Path tmp;

  @Test
  void theWholePipelineOnTheIcebergTableReconciles() throws Exception {
    Path lake = tmp.resolve("lake");
    CommandLine logpipe = Logpipe.commandLine();
    logpipe.parseArgs(
        "local",
        "--start",
        "2026-11-20T00:00:00Z",
        "--lake",
        lake.toString(),
        "--events",
        "20000",
        "--seed",
        "5",
        "--span",
        "2h",
        "--table-format",
        "iceberg");
    LocalOptions options =
        ((LocalCommand) logpipe.getSubcommands().get("local").getCommand()).options();
    assertThat(options.format()).isEqualTo(LakeFormat.ICEBERG);

    StringWriter text = new StringWriter();
    long t0 = System.nanoTime();
    LocalResult result;
    try (PrintWriter out = new PrintWriter(text, true)) {
      result = new LocalPipeline(options, out, false).run();
    }
    System.out.printf(
        "local --table-format iceberg, 20,000 events: %.1f s (load %s)%n",
        (System.nanoTime() - t0) / 1e9, Files.readString(Path.of("/proc/loadavg")).strip());
    String printed = text.toString();
    System.out.println(printed);
    assertThat(result.reconciliation().checks())
        .as(printed)
        .allSatisfy(c -> assertThat(c.actual()).as(c.name()).isEqualTo(c.expected()));
    assertThat(result.exitCode()).as(printed).isZero();
    assertThat(result.analyticsExitCode()).as(printed).isZero();
    assertThat(result.reconciliation().analyticsPerHour())
        .isEqualTo(LocalPipelineIT.expectedHoursOfGenerator(options));
    // Every hour got the table's mark, and the reconciliation counted the table's rows.
    assertThat(result.hoursComplete()).isEqualTo(result.hoursWithData()).isPositive();
    assertThat(printed)
        .contains("complete (marked in the table): " + result.hoursWithData())
        .contains("Lake (Iceberg table):");
    long curated =
        LocalPipelineIT.expectedHoursOfGenerator(options).values().stream()
            .mapToLong(Long::longValue)
            .sum();
    assertThat(printed).contains(String.format("%,d", curated));

    // It is the table, not hourly files: metadata and data/ under curated, no dt= directory.
    Path table = lake.resolve("curated");
    assertThat(table.resolve("metadata/version-hint.text")).isRegularFile();
    try (Stream<Path> top = Files.list(table)) {
      assertThat(top.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("metadata", "data");
    }
    assertThat(lake.resolve("analytics/summary.json")).isRegularFile();
    assertThat(List.of(printed.split("\n"))).anyMatch(l -> l.contains("RECONCILED"));
  }

  @Test
  void icebergDoesNotGoWithTheDashboardYet() {
    CommandLine logpipe = Logpipe.commandLine();
    logpipe.parseArgs("local", "--table-format", "iceberg", "--dashboard");
    LocalCommand local = (LocalCommand) logpipe.getSubcommands().get("local").getCommand();
    org.assertj.core.api.Assertions.assertThatThrownBy(local::options)
        .hasMessageContaining(
            "--table-format iceberg does not go with --keep-running or --dashboard");
    logpipe.parseArgs("local", "--table-format", "delta");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            ((LocalCommand) logpipe.getSubcommands().get("local").getCommand())::options)
        .hasMessageContaining("--table-format must be file or iceberg, got 'delta'");
  }
}
