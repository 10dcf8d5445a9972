package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.cli.CommandRun;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of issue 14 that need a whole {@code logpipe local} run: each names its cause in one
 * line, with the documented exit code.
 */
class LocalFailuresIT {

  @TempDir Path tmp;

  private static String jsonLine(int i) {
    return "{\"ts\":\"2026-11-20T00:"
        + String.format("%02d:%02d", i / 60 % 60, i % 60)
        + ".000000Z\",\"host\":\"a.example\","
        + "\"method\":\"GET\",\"path\":\"/p/"
        + i
        + "\",\"status\":200,\"bytes\":10,\"ip\":\"10.0.0.1\",\"ua\":\"t\","
        + "\"rt_ms\":5}\n";
  }

  @Test
  void aTruncatedGzipIsNamedWithItsReasonWhileTheOtherFilesAndItsReadableLinesAreDelivered()
      throws Exception {
    Path whole = tmp.resolve("whole.log.gz");
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(whole))) {
      for (int i = 0; i < 20_000; i++) {
        gz.write(jsonLine(i).getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path truncated =
        Files.write(tmp.resolve("access.log.gz"), Arrays.copyOf(bytes, bytes.length / 2));
    Path good = Files.writeString(tmp.resolve("good.log"), jsonLine(1) + jsonLine(2) + jsonLine(3));

    CommandRun r =
        CommandRun.of(
            "local",
            "--input",
            truncated.toString(),
            good.toString(),
            "--lake",
            tmp.resolve("lake").toString(),
            "--no-analytics");

    assertThat(r.exit()).as(r.out()).isEqualTo(3);
    assertThat(r.out())
        .containsPattern(
            "WARNING: ingest did not deliver every line \\(INPUT_ERROR: "
                + java.util.regex.Pattern.quote(truncated.toString())
                + ": [0-9,]+ lines, truncated \\(Unexpected end of ZLIB"
                + " input stream\\)\\)");
    assertThat(r.out()).as("the next file is still read").contains(good + ": 3 lines");
    assertThat(r.out())
        .as("what could be read reconciles")
        .contains("RECONCILED: every line is accounted for.");
  }

  @Test
  void anInputThatCuratesNothingSaysSoInsteadOfBlamingTheLake() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.log"), "hello\nworld\nnot a log line\n");

    CommandRun withAnalytics =
        CommandRun.of(
            "local", "--input", junk.toString(), "--lake", tmp.resolve("lake1").toString());
    assertThat(withAnalytics.exit()).as(withAnalytics.out()).isEqualTo(1);
    assertThat(withAnalytics.out())
        .contains(
            "ERROR: nothing was curated: 3 lines, all rejected as UNKNOWN_FORMAT; analytics not run.")
        .doesNotContain("no lake at");

    CommandRun without =
        CommandRun.of(
            "local",
            "--input",
            junk.toString(),
            "--lake",
            tmp.resolve("lake2").toString(),
            "--no-analytics");
    assertThat(without.exit()).as(without.out()).isZero();
    assertThat(without.out())
        .contains("WARNING: nothing was curated: 3 lines, all rejected as UNKNOWN_FORMAT.");
  }
}
