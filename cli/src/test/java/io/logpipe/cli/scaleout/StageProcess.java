package io.logpipe.cli.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One instance of a stage (the processor or the sink) as an operating-system process of its own,
 * started from the stage's shaded jar as a deployment starts it. A restart starts the same command
 * again (same instance id, same state directory), with its output in a new log file.
 */
final class StageProcess {

  private final String name;
  private final Path jar;
  private final List<String> args;
  private final Path dir;
  private final Path logs;
  private int starts;
  private Process process;

  private StageProcess(String name, Path jar, List<String> args, Path dir, Path logs) {
    this.name = name;
    this.jar = jar;
    this.args = List.copyOf(args);
    this.dir = dir;
    this.logs = logs;
  }

  /**
   * The stage of {@code module} (its {@code target/*-all.jar}, built by the package phase) as
   * instance {@code name}, with {@code args}, working in {@code dir} (its temporary files too); its
   * output goes to a log file per start in {@code logs}.
   */
  static StageProcess of(String module, String name, List<String> args, Path dir, Path logs)
      throws IOException {
    return new StageProcess(name, shadedJar(module), args, dir, Files.createDirectories(logs));
  }

  String name() {
    return name;
  }

  /** Starts the process (again). */
  StageProcess start() throws IOException {
    assertThat(process == null || !process.isAlive()).as(name + " already running").isTrue();
    starts++;
    Path tmp = Files.createDirectories(dir.resolve("tmp-" + name));
    process =
        ChildJvm.jar(jar)
            // C1 only and one GC thread: quicker starts and restarts on two shared cores.
            .options(
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp)
            .args(args)
            .directory(dir)
            .start(log());
    return this;
  }

  /** SIGKILL, as a crash: no shutdown hook runs, nothing is committed or handed over. */
  void kill() throws InterruptedException {
    assertThat(ChildJvm.kill(process, Duration.ofSeconds(30))).as(name + " killed").isTrue();
  }

  /** SIGTERM, then SIGKILL after a grace period. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      ChildJvm.stop(process, Duration.ofSeconds(30));
    }
  }

  /**
   * Waits until {@code progress} (offsets by partition) exceeds {@code before} on one of {@code
   * partitions}, while this process stays alive.
   */
  void awaitProgress(
      Duration timeout,
      String what,
      Await.Probe<Map<Integer, Long>> progress,
      Set<Integer> partitions,
      Map<Integer, Long> before)
      throws Exception {
    Await.until(
        timeout,
        what + " on partitions " + partitions,
        () -> {
          assertAlive();
          Map<Integer, Long> now = progress.get();
          for (int p : partitions) {
            if (now.getOrDefault(p, -1L) > before.getOrDefault(p, -1L)) {
              return true;
            }
          }
          return false;
        });
  }

  /** Fails naming the log when the process has ended by itself. */
  void assertAlive() {
    assertThat(process.isAlive()).as("%s alive; its output is in %s", name, log()).isTrue();
  }

  /** The log of the current (or last) start. */
  Path log() {
    return logs.resolve(name + "-" + starts + ".log");
  }

  private static Path shadedJar(String module) throws IOException {
    Path target =
        Path.of(System.getProperty("logpipe.repo.root", "..")).resolve(module).resolve("target");
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "*-all.jar")) {
      found.forEach(jars::add);
    }
    assertThat(jars).as("the shaded jar of %s (built in the package phase)", module).hasSize(1);
    return jars.get(0);
  }
}
