package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (here SIGTERM, which runs the same shutdown hook) stops every part of {@code logpipe
 * local} cleanly: the process ends promptly, says it was interrupted, and leaves no broker or
 * scratch directory behind.
 */
class LocalInterruptIT {

  @TempDir Path tmp;

  @Test
  void signalStopsTheWholePipelineCleanly() throws Exception {
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Path lake = tmp.resolve("lake");
    // The classpath ./logpipe runs with (written by the package phase), as a user would start it.
    Path module = Path.of(System.getProperty("logpipe.repo.root", "..")).resolve("cli");
    String classpath =
        module.resolve("target/classes")
            + java.io.File.pathSeparator
            + Files.readString(module.resolve("target/launch/classpath.txt")).strip();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                javaBin,
                "-Xmx1g",
                "-Djava.io.tmpdir=" + scratch,
                "-Dlogback.configurationFile=logback-cli.xml",
                "-cp",
                classpath,
                "io.logpipe.cli.Logpipe",
                "local",
                "--events",
                "50000000",
                "--rate",
                "20000",
                "--lake",
                lake.toString(),
                "--no-analytics")
            .redirectErrorStream(true)
            .start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(output::add);
              } catch (java.io.IOException e) {
                output.add("reader failed: " + e);
              }
            });
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      // Signal once lines flow: the first progress line of the ingest phase.
      while (output.stream().noneMatch(l -> l.contains("] ingesting")) && process.isAlive()) {
        assertThat(System.nanoTime())
            .as("pipeline start; output so far: %s", output)
            .isLessThan(deadline);
        Thread.sleep(100); // polling interval; the loop condition decides
      }
      assertThat(process.isAlive()).as("still running when signalled; output: %s", output).isTrue();

      // SIGTERM through the handle: Process.destroy() would also close our end of the child's
      // stdout.
      assertThat(process.toHandle().destroy()).isTrue();

      assertThat(process.waitFor(90, TimeUnit.SECONDS))
          .as("exited after the signal; output: %s", output)
          .isTrue();
      reader.join(10_000);
      assertThat(process.exitValue())
          .isEqualTo(143); // 128 + SIGTERM: the JVM's own status for a signal
      assertThat(output).anySatisfy(l -> assertThat(l).startsWith("stopped:"));
      assertThat(output).anySatisfy(l -> assertThat(l).contains("Interrupted:"));
      try (Stream<Path> left = Files.list(scratch)) {
        assertThat(left).as("scratch directories (broker log, streams state) removed").isEmpty();
      }
    } finally {
      process.destroyForcibly();
    }
  }
}
