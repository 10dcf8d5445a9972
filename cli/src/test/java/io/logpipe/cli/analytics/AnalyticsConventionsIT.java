package io.logpipe.cli.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.commandline.LogpipeVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code logpipe analytics} runs the Spark job in its own JVM, from the analytics build (its
 * picocli relocated), so its conventions are checked by running it: usage named as typed, exit
 * codes, examples, the one version string.
 */
class AnalyticsConventionsIT {

  private static String run(String... args) throws Exception {
    List<String> cmd =
        AnalyticsLauncher.forHome(AnalyticsLauncher.locateHome()).command(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void helpNamesTheCommandAsTypedWithExitCodesAndExamples() throws Exception {
    String help = run("--help");
    assertThat(help)
        .startsWith("Usage: logpipe analytics ")
        .contains(
            "-h, --help",
            "-V, --version",
            "\nExit codes:\n",
            "\nExamples:\n",
            "  logpipe analytics --lake ");
    assertThat(help).doesNotContain("batch-analytics");
  }

  @Test
  void versionIsTheOneLogpipeVersion() throws Exception {
    assertThat(run("-V").strip()).isEqualTo(LogpipeVersion.text());
  }
}
