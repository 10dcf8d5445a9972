package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import io.logpipe.testkit.ProcessOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    Process process =
        ChildJvm.mainClass(classpath, "io.logpipe.cli.Logpipe")
            .options(
                "-Xmx1g",
                "-Djava.io.tmpdir=" + scratch,
                "-Dlogback.configurationFile=logback-cli.xml")
            .args("local", "--events", "50000000", "--rate", "20000")
            .args("--lake", lake.toString(), "--no-analytics")
            .start();
    ProcessOutput output = ProcessOutput.of(process);
    try {
      // Signal once lines flow: the first progress line of the ingest phase.
      Await.until(
          Duration.ofSeconds(120),
          "pipeline start",
          output::lines,
          lines -> lines.stream().anyMatch(l -> l.contains("] ingesting")) || !process.isAlive());
      assertThat(process.isAlive()).as("still running when signalled; output: %s", output).isTrue();

      // SIGTERM through the handle: Process.destroy() would also close our end of the child's
      // stdout.
      assertThat(process.toHandle().destroy()).isTrue();

      assertThat(process.waitFor(90, TimeUnit.SECONDS))
          .as("exited after the signal; output: %s", output)
          .isTrue();
      output.awaitEnd(Duration.ofSeconds(10));
      assertThat(process.exitValue())
          .isEqualTo(143); // 128 + SIGTERM: the JVM's own status for a signal
      assertThat(output.lines()).anySatisfy(l -> assertThat(l).startsWith("stopped:"));
      assertThat(output.lines()).anySatisfy(l -> assertThat(l).contains("Interrupted:"));
      try (Stream<Path> left = Files.list(scratch)) {
        assertThat(left).as("scratch directories (broker log, streams state) removed").isEmpty();
      }
    } finally {
      process.destroyForcibly();
    }
  }
}
