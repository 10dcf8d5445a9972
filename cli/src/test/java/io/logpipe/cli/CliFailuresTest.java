package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures of issue 14 that need no broker: each names its cause in one line, with the documented
 * exit code, and a dead broker fails within the default connect check (well under 15 s), not after
 * the clients' minute.
 */
class CliFailuresTest {

  /** Nothing listens on port 1. */
  private static final String DEAD_BROKER = "127.0.0.1:1";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"produce", "ingest-file", "process", "sink", "consume-counts"})
  void aDeadBrokerIsOneLineNamingItWithinTheConnectCheck(String command, @TempDir Path dir)
      throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of(command, "-b", DEAD_BROKER));
    switch (command) {
      case "produce" -> args.addAll(List.of("--events", "10"));
      case "ingest-file" ->
          args.add(java.nio.file.Files.writeString(dir.resolve("a.log"), "line\n").toString());
      case "process" -> args.addAll(List.of("--state-dir", dir.resolve("streams").toString()));
      case "sink" -> args.addAll(List.of("--lake", dir.resolve("lake").toUri().toString()));
      default -> {}
    }
    CommandRun r = CommandRun.of(args.toArray(String[]::new));

    assertThat(r.exit()).as("%s exit code; stderr: %s", command, r.err()).isEqualTo(1);
    assertThat(r.took()).as("%s time to fail", command).isLessThan(Duration.ofSeconds(15));
    assertThat(r.errLines()).as("%s: one line", command).hasSize(1);
    assertThat(r.errLines().get(0))
        .as(command)
        .contains("Kafka at " + DEAD_BROKER + " did not answer within 5 s")
        .contains("Connection refused")
        .contains("--connect-timeout");
  }

  @Test
  void anUnusableLakeNamesThePathAndTheOperatingSystemsReason() {
    CommandRun r =
        CommandRun.of("local", "--events", "10", "--lake", "/proc/logpipe-lake", "--no-analytics");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines())
        .containsExactly(
            "logpipe local: --lake /proc/logpipe-lake: cannot create the directory (No such file or directory)");
  }
}
