package io.logpipe.cli.analytics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the Spark job ({@code io.logpipe.analytics.BatchAnalytics}) in a child JVM with the
 * analytics module's own runtime classpath: Spark (Scala 2.12, Hadoop 3.3) never shares a JVM with
 * the Kafka broker (Scala 2.13).
 *
 * <p>The analytics build writes {@code analytics/target/launch/classpath.txt} and {@code
 * jvm-options.txt} (Spark's {@code --add-opens} list for Java 17); this class only reads them.
 */
public final class AnalyticsLauncher {

  /** The job's main class, the one spark-submit is given. */
  public static final String MAIN_CLASS = "io.logpipe.analytics.BatchAnalytics";

  /**
   * The job's system property for its command name (AnalyticsOptions.COMMAND_NAME_PROPERTY; no
   * compile-time link).
   */
  public static final String COMMAND_NAME_PROPERTY = "logpipe.command.name";

  /** The master of a one-machine run: every core of this machine. */
  static final String LOCAL_MASTER = "local[*]";

  static final String LOOPBACK = "127.0.0.1";

  private final Path launchDir;

  public AnalyticsLauncher(Path launchDir) {
    this.launchDir = launchDir;
  }

  /** The launcher for the analytics build of the logpipe checkout at {@code home}. */
  public static AnalyticsLauncher forHome(Path home) {
    return new AnalyticsLauncher(home.resolve("analytics").resolve("target").resolve("launch"));
  }

  /**
   * The logpipe checkout: the {@code logpipe.home} system property (set by {@code ./logpipe}), else
   * the nearest directory at or above the working directory that holds {@code analytics/}.
   */
  public static Path locateHome() {
    String home = System.getProperty("logpipe.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("analytics")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    return Path.of("").toAbsolutePath();
  }

  /** The full command line of the child JVM. */
  public List<String> command(List<String> jobArgs) throws IOException {
    Path classpath = launchDir.resolve("classpath.txt");
    Path options = launchDir.resolve("jvm-options.txt");
    if (!Files.isRegularFile(classpath) || !Files.isRegularFile(options)) {
      throw new IOException(
          "The analytics job is not built ("
              + classpath
              + " is missing). Build it with: "
              + "./mvnw -q -pl analytics package -DskipTests");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String line : Files.readAllLines(options, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        cmd.add(line.strip());
      }
    }
    cmd.add(
        "-D"
            + COMMAND_NAME_PROPERTY
            + "=logpipe analytics"); // usage lines name the command as typed
    cmd.add("-cp");
    cmd.add(Files.readString(classpath, StandardCharsets.UTF_8).strip());
    cmd.add(MAIN_CLASS);
    cmd.addAll(jobArgs);
    return cmd;
  }

  /**
   * Starts the job with this process's standard streams; the caller waits for it (and destroys it
   * on Ctrl-C).
   */
  public Process start(List<String> jobArgs) throws IOException {
    return new ProcessBuilder(command(jobArgs)).inheritIO().start();
  }

  /**
   * Starts the job in Spark local mode on loopback only, as {@link #start} does otherwise: the
   * one-machine run. The job itself binds a local driver to 127.0.0.1; {@code SPARK_LOCAL_IP}
   * (unless the user set one) also keeps Spark from naming the host by a network interface's
   * address, and from warning that it does.
   */
  public Process startLocal(List<String> jobArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--master", LOCAL_MASTER));
    args.addAll(jobArgs);
    ProcessBuilder builder = new ProcessBuilder(command(args)).inheritIO();
    builder.environment().putIfAbsent("SPARK_LOCAL_IP", LOOPBACK);
    return builder.start();
  }

  /**
   * Runs the job with this process's standard streams and returns its exit code; a signal here
   * stops it too.
   */
  public int run(List<String> jobArgs) throws IOException, InterruptedException {
    Process process = start(jobArgs);
    Thread hook = new Thread(process::destroy, "analytics-job-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it stops the job
      }
    }
  }
}
