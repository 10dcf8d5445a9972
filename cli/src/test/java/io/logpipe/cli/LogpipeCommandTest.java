package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogpipeCommandTest {

  @Test
  void helpListsEveryStage() {
    CommandRun r = CommandRun.of("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "local", "produce", "ingest-file", "process", "sink", "analytics", "consume-counts");
    assertThat(r.out())
        .as("local's summary is a whole sentence, not a line cut mid-sentence")
        .contains("reconciles every")
        .doesNotContain("the stream processor and the");
  }

  @Test
  void everySubcommandHasHelpAndAVersion() {
    for (String sub :
        new String[] {"local", "produce", "ingest-file", "process", "sink", "consume-counts"}) {
      CommandRun r = CommandRun.of(sub, "--help");
      assertThat(r.exit()).as("%s --help", sub).isZero();
      assertThat(r.out()).as("%s --help", sub).contains("Usage:");
      CommandRun v = CommandRun.of(sub, "-V");
      assertThat(v.exit()).as("%s -V", sub).isZero();
      assertThat(v.out()).as("%s -V prints a version", sub).contains("logpipe");
    }
  }

  @Test
  void localRejectsContradictoryOptionsWithAClearMessage() {
    CommandRun r = CommandRun.of("local", "--events", "10", "--duration", "1m");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--events and --duration are mutually exclusive");
  }

  @Test
  void localRejectsBadValuesBeforeStartingAnything(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String lake = dir.resolve("lake").toString();
    String[][] cases = {
      {"--rate", "-5"},
      {"--late-fraction", "2"},
      {"--invalid-fraction", "-1"},
      {"--span", "0s"},
      {"--drain-timeout", "0s"}
    };
    for (String[] c : cases) {
      CommandRun r = CommandRun.of("local", c[0], c[1], "--lake", lake, "--no-analytics");
      assertThat(r.exit()).as("%s %s", c[0], c[1]).isEqualTo(2);
      assertThat(r.err()).as("%s %s", c[0], c[1]).contains(c[0]);
    }
    CommandRun uri = CommandRun.of("local", "--lake", "foo://bar/lake", "--no-analytics");
    assertThat(uri.exit()).isEqualTo(2);
    assertThat(uri.err()).contains("not a URI");
    assertThat(dir.resolve("lake")).as("nothing started, no lake created").doesNotExist();
    assertThat(java.nio.file.Path.of("foo:")).doesNotExist();
  }

  @Test
  void localRejectsMissingInputFile() {
    CommandRun r = CommandRun.of("local", "--input", "/no/such/access.log");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("/no/such/access.log");
  }

  @Test
  void localRejectsALakeDirectoryHoldingSomethingElse(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("thesis.tex"), "precious");
    CommandRun r =
        CommandRun.of("local", "--events", "10", "--lake", dir.toString(), "--no-analytics");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("thesis.tex");
    assertThat(dir.resolve("thesis.tex")).exists();
  }

  @Test
  void localRefusesALakeDirectoryHoldingHiddenEntriesItDidNotWrite(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve(".git"));
    java.nio.file.Files.createDirectories(dir.resolve("curated"));
    CommandRun r =
        CommandRun.of("local", "--events", "10", "--lake", dir.toString(), "--no-analytics");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(".git");
    assertThat(dir.resolve(".git")).isDirectory();
    assertThat(dir.resolve("curated")).isDirectory();
  }

  @Test
  void localWithoutAnalyticsExitsZeroWhenEverythingReconciles(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CommandRun r =
        CommandRun.of(
            "local",
            "--events",
            "2000",
            "--lake",
            dir.resolve("lake").toString(),
            "--no-analytics");
    assertThat(r.out()).contains("RECONCILED");
    assertThat(r.exit()).isZero();
  }

  @Test
  void consumeCountsFailsClearlyWhenTheBrokerIsUnreachable() {
    CommandRun r =
        CommandRun.of(
            "consume-counts", "--bootstrap-servers", "127.0.0.1:1", "--idle-timeout", "2s");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("consume-counts:").doesNotContain("\tat ");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CommandRun r = CommandRun.of("consume-counts", "--no-such-option");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--no-such-option");
  }
}
