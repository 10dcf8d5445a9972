package io.logpipe.analytics.testing;

import io.logpipe.analytics.SparkSessions;
import io.logpipe.lake.LocalLakeFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession a test class shares, and a way to run the job with captured output.
 */
public final class SparkTestSession {

  private SparkTestSession() {}

  /**
   * Real Spark in local mode on two threads, on loopback, no UI, few shuffle partitions for small
   * fixtures, {@code file:} paths on {@link LocalLakeFileSystem} as in the job's local mode.
   */
  public static SparkSession start() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("logpipe-analytics-test")
        .config("spark.driver.bindAddress", SparkSessions.LOOPBACK)
        .config("spark.driver.host", SparkSessions.LOOPBACK)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        // as the job's own local sessions: Spark's writers and readers over the local lake's FS
        .config("spark.hadoop.fs.file.impl", LocalLakeFileSystem.class.getName())
        .getOrCreate();
  }

  /** Exit code and captured console/progress text of one run. */
  public record Run(int exitCode, String out, String err) {}

  public static Run run(SparkSession spark, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = io.logpipe.analytics.BatchAnalytics.run(spark, o, e, args);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
