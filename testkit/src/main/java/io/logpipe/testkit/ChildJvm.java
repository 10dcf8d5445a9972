package io.logpipe.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's own {@code java}: a main class on a class path, or an executable jar,
 * with its options and arguments. For tests that run a stage as an operating-system process of its
 * own, so that they can kill it (SIGKILL) or stop it (SIGTERM) as a deployment would.
 */
public final class ChildJvm {

  private final List<String> launch;
  private final List<String> options = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private Path directory;

  private ChildJvm(List<String> launch) {
    this.launch = launch;
  }

  /**
   * {@code main} on this JVM's class path: the test's module, its test classes, every dependency.
   */
  public static ChildJvm mainClass(Class<?> main) {
    return mainClass(System.getProperty("java.class.path"), main.getName());
  }

  /** {@code mainClass} on {@code classPath}. */
  public static ChildJvm mainClass(String classPath, String mainClass) {
    return new ChildJvm(List.of("-cp", classPath, mainClass));
  }

  /** An executable jar. */
  public static ChildJvm jar(Path jar) {
    return new ChildJvm(List.of("-jar", jar.toString()));
  }

  /** JVM options ({@code -Xmx…}, {@code -D…}), before the main class or jar. */
  public ChildJvm options(String... jvmOptions) {
    options.addAll(List.of(jvmOptions));
    return this;
  }

  /** Arguments of the program. */
  public ChildJvm args(List<String> programArgs) {
    args.addAll(programArgs);
    return this;
  }

  /** Arguments of the program. */
  public ChildJvm args(String... programArgs) {
    return args(List.of(programArgs));
  }

  /** The working directory (the test JVM's by default). */
  public ChildJvm directory(Path workingDirectory) {
    this.directory = workingDirectory;
    return this;
  }

  /** The whole command line. */
  public List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(launch);
    command.addAll(args);
    return command;
  }

  /** Starts it with its output and errors in one file, in the order a console shows them. */
  public Process start(Path log) throws IOException {
    return processBuilder().redirectOutput(log.toFile()).start();
  }

  /** Starts it with its output and errors in one pipe, for {@link ProcessOutput}. */
  public Process start() throws IOException {
    return processBuilder().start();
  }

  private ProcessBuilder processBuilder() {
    ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    return builder;
  }

  /**
   * Kills {@code process} as a crash would (SIGKILL: no shutdown hook runs, so a stage commits
   * nothing and does not leave its group) and waits for its end.
   *
   * @return whether it ended within {@code timeout}
   */
  public static boolean kill(Process process, Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops {@code process} as a deployment would: SIGTERM, then SIGKILL if it has not exited within
   * {@code grace}.
   *
   * @return whether it exited on SIGTERM
   */
  public static boolean stop(Process process, Duration grace) throws InterruptedException {
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly();
    return false;
  }
}
