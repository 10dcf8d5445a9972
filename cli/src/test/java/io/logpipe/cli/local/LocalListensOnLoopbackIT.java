package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.testkit.ListeningSockets;
import io.logpipe.testkit.ProcessOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./logpipe local} as a user starts it (the script, into an in-process HDFS, with the Spark
 * job) opens no socket beyond loopback: every listening socket of its JVM and of the analytics JVM
 * it starts, sampled from {@code /proc} while each runs, is on 127.0.0.1 or ::1.
 */
class LocalListensOnLoopbackIT {

  private static final long RUN_TIMEOUT_S = 300;

  @TempDir Path tmp;

  @Test
  void everyJvmOfALocalRunListensOnLoopbackOnly() throws Exception {
    Path home = Path.of(System.getProperty("logpipe.repo.root", "..")).toAbsolutePath().normalize();
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("logpipe").toString(),
                "local",
                "--events",
                "20000",
                "--span",
                "1h",
                "--hdfs",
                "--lake",
                tmp.resolve("unused").toString())
            .redirectErrorStream(true);
    builder
        .environment()
        .put("LOGPIPE_SKIP_BUILD", "1"); // this Maven run has just built what it runs
    builder.environment().put("LOGPIPE_JAVA_OPTS", "-Xmx1g -Djava.io.tmpdir=" + scratch);
    builder
        .environment()
        .remove("SPARK_LOCAL_IP"); // the defaults are under test, not a developer's setting
    Process process = builder.start();
    ProcessOutput output = ProcessOutput.of(process);

    Map<Long, String> commands = new LinkedHashMap<>();
    Map<Long, Set<ListeningSockets.Socket>> seen = new LinkedHashMap<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_S);
      while (process.isAlive()) {
        assertThat(System.nanoTime())
            .as("run finished in %d s; output so far: %s", RUN_TIMEOUT_S, output)
            .isLessThan(deadline);
        sample(process.toHandle(), commands, seen);
        Thread.sleep(50); // sampling interval; the loop ends when the run does
      }
      output.awaitEnd(Duration.ofSeconds(10));
    } finally {
      process.destroyForcibly();
    }

    assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
    assertThat(output.lines()).anySatisfy(l -> assertThat(l).contains("RECONCILED"));
    System.out.println("Listening sockets of ./logpipe local, per JVM:");
    seen.forEach(
        (pid, sockets) -> {
          if (!sockets.isEmpty()) {
            System.out.printf("  %d %s: %s%n", pid, commands.get(pid), sockets);
          }
        });

    long cliPid = process.pid();
    assertThat(seen.get(cliPid))
        .as("the broker, the HDFS and their kin listen in the logpipe JVM")
        .isNotEmpty();
    assertThat(commands)
        .as("the analytics JVM was seen")
        .containsValue("io.logpipe.analytics.BatchAnalytics");
    commands.forEach(
        (pid, main) -> {
          if (main.equals("io.logpipe.analytics.BatchAnalytics")) {
            assertThat(seen.get(pid))
                .as("Spark's driver listens in the analytics JVM")
                .isNotEmpty();
          }
        });
    seen.forEach(
        (pid, sockets) ->
            assertThat(sockets)
                .allSatisfy(
                    s ->
                        assertThat(s.onLoopback())
                            .as("%s of %s is on loopback", s, commands.get(pid))
                            .isTrue()));
  }

  /** Adds what the run's JVM and its child processes listen on now. */
  private static void sample(
      ProcessHandle root,
      Map<Long, String> commands,
      Map<Long, Set<ListeningSockets.Socket>> seen) {
    try (Stream<ProcessHandle> children = root.descendants()) {
      Stream.concat(Stream.of(root), children)
          .forEach(
              p -> {
                List<ListeningSockets.Socket> now = ListeningSockets.of(p.pid());
                // again each time: the script's shell becomes the logpipe JVM (exec)
                mainClass(p).ifPresent(main -> commands.put(p.pid(), main));
                seen.computeIfAbsent(p.pid(), pid -> new LinkedHashSet<>()).addAll(now);
              });
    }
  }

  /**
   * The main class on a java command line (the argument after the class path), else the program;
   * empty once the process is gone. From {@code /proc/<pid>/cmdline}: {@code ProcessHandle.Info}
   * has no arguments for command lines as long as these class paths.
   */
  private static Optional<String> mainClass(ProcessHandle p) {
    String cmdline;
    try {
      cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
    } catch (IOException gone) {
      return Optional.empty();
    }
    if (cmdline.isEmpty()) {
      return Optional.empty(); // exited, not yet reaped
    }
    List<String> args = List.of(cmdline.split("\0"));
    int cp = Math.max(args.indexOf("-cp"), args.indexOf("-classpath"));
    return Optional.of(cp >= 0 && cp + 2 < args.size() ? args.get(cp + 2) : args.get(0));
  }
}
