package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LogpipeCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Logpipe.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryStage() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("local", "produce", "ingest-file", "process", "sink", "analytics", "consume-counts");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : new String[] {"local", "produce", "ingest-file", "process", "sink", "consume-counts"}) {
      Run r = run(sub, "--help");
      assertThat(r.exit()).as("%s --help", sub).isZero();
      assertThat(r.out()).as("%s --help", sub).contains("Usage:");
    }
  }

  @Test
  void localRejectsContradictoryOptionsWithAClearMessage() {
    Run r = run("local", "--events", "10", "--duration", "1m");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--events and --duration are mutually exclusive");
  }

  @Test
  void localRejectsMissingInputFile() {
    Run r = run("local", "--input", "/no/such/access.log");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("/no/such/access.log");
  }

  @Test
  void localRejectsALakeDirectoryHoldingSomethingElse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("thesis.tex"), "precious");
    Run r = run("local", "--events", "10", "--lake", dir.toString(), "--no-analytics");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("thesis.tex");
    assertThat(dir.resolve("thesis.tex")).exists();
  }

  @Test
  void localRefusesALakeDirectoryHoldingHiddenEntriesItDidNotWrite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve(".git"));
    java.nio.file.Files.createDirectories(dir.resolve("curated"));
    Run r = run("local", "--events", "10", "--lake", dir.toString(), "--no-analytics");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(".git");
    assertThat(dir.resolve(".git")).isDirectory();
    assertThat(dir.resolve("curated")).isDirectory();
  }

  @Test
  void consumeCountsFailsClearlyWhenTheBrokerIsUnreachable() {
    Run r = run("consume-counts", "--bootstrap-servers", "127.0.0.1:1", "--idle-timeout", "2s");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("consume-counts:").doesNotContain("\tat ");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run r = run("consume-counts", "--no-such-option");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--no-such-option");
  }
}
