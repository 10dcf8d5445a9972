package io.logpipe.analytics.bench;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.logpipe.analytics.BatchAnalytics;
import io.logpipe.analytics.SparkSessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows per second of the whole BatchAnalytics job over a generated lake (10,000,000 events by
 * default), with startup (JVM start to SparkSession ready) and compute shown apart, against a
 * baseline in the same process: a bare scan that reads and decodes every column the job uses in one
 * global aggregate, without a shuffle (the ceiling: the job cannot be faster than reading its
 * input).
 *
 * <p>Run with {@code analytics/bin/benchmark [rows] [hours]}; prints figures, asserts nothing.
 */
public final class BatchAnalyticsBenchmark {

  private BatchAnalyticsBenchmark() {}

  /**
   * Reads and decodes every column the job uses, in one global aggregate (no shuffle); returns
   * seconds.
   */
  private static double baseline(SparkSession spark, String lake, long[] counted) {
    long b = System.nanoTime();
    Row scanned =
        spark
            .read()
            .parquet(lake + "/curated")
            .agg(
                count(lit(1)),
                sum("status"),
                sum("bytes"),
                count("rt_ms"),
                max("host"),
                max("path"),
                max("ip"))
            .first();
    counted[0] = scanned.getLong(0);
    return (System.nanoTime() - b) / 1e9;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Seconds from writing an hour's {@code _SUCCESS} to {@code --watch} having refreshed the tables
   * with it, for the last two hours of the lake, one after the other (their partials deleted first,
   * so each is computed). The markers written here are removed afterwards.
   */
  private static double[] watchLatency(SparkSession spark, Path lakeDir, String lake, String output)
      throws Exception {
    List<Path> hourDirs;
    try (var days = Files.walk(lakeDir.resolve("curated"), 2)) {
      hourDirs = days.filter(p -> p.getFileName().toString().startsWith("hour=")).sorted().toList();
    }
    Path out = Path.of(java.net.URI.create(output));
    List<Path> markers = new java.util.ArrayList<>();
    for (int i = 0; i < hourDirs.size(); i++) {
      Path hour = hourDirs.get(i);
      if (i >= hourDirs.size() - 2) {
        Path relative = lakeDir.resolve("curated").relativize(hour);
        deleteRecursively(out.resolve("hourly").resolve(relative.toString()));
      } else {
        markers.add(Files.writeString(hour.resolve("_SUCCESS"), ""));
      }
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(log, true, StandardCharsets.UTF_8);
    double[] seconds = new double[2];
    try (var watching =
        BatchAnalytics.startWatch(
            spark, quiet, quiet, "--lake", lake, "--output", output, "--poll-interval", "200ms")) {
      awaitRefreshes(log, 1);
      for (int i = 0; i < 2; i++) {
        long t = System.nanoTime();
        markers.add(
            Files.writeString(hourDirs.get(hourDirs.size() - 2 + i).resolve("_SUCCESS"), ""));
        awaitRefreshes(log, 2 + i);
        seconds[i] = (System.nanoTime() - t) / 1e9;
      }
    } finally {
      for (Path m : markers) {
        Files.deleteIfExists(m);
      }
    }
    return seconds;
  }

  private static void awaitRefreshes(ByteArrayOutputStream log, int n) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (log.toString(StandardCharsets.UTF_8).split("tables refreshed", -1).length - 1 < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("--watch did not refresh in time:\n" + log);
      }
      Thread.sleep(10);
    }
  }

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 48;
    Path base = Path.of(args.length > 2 ? args[2] : "analytics/target/bench").toAbsolutePath();
    String lake = base.resolve("lake-" + rows + "-" + hours).toUri().toString();
    String output = base.resolve("out").toUri().toString();

    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    SparkSession spark =
        SparkSessions.create(
            Optional.empty(), java.time.ZoneOffset.UTC); // the job's own session defaults
    spark.range(1).count(); // first job: Spark's lazy initialisation counts as startup
    double startup = (System.currentTimeMillis() - jvmStart) / 1000.0;

    Path lakeDir = Path.of(java.net.URI.create(lake));
    if (!Files.isDirectory(lakeDir.resolve("curated"))) {
      long g = System.nanoTime();
      BenchLakeGenerator.generate(spark, lake, rows, hours);
      System.out.printf(
          Locale.ROOT,
          "generated %,d rows over %d hours in %s: %.1f s%n",
          rows,
          hours,
          lakeDir,
          (System.nanoTime() - g) / 1e9);
    } else {
      System.out.println("reusing " + lakeDir);
    }

    long[] counted = new long[1];
    double baselineCold = baseline(spark, lake, counted);
    // The first run computes every hour's partials (a fresh output); the second finds them up to
    // date and only merges the tables; the third recomputes the last hour alone (--hour).
    deleteRecursively(Path.of(java.net.URI.create(output)));
    String lastHour =
        java.time.LocalDateTime.of(2025, 12, 1, 0, 0)
            .plusHours(hours - 1)
            .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"));
    String[][] runArgs = {
      {"--lake", lake, "--output", output},
      {"--lake", lake, "--output", output},
      {"--lake", lake, "--output", output, "--hour", lastHour}
    };
    double[] runs = new double[runArgs.length];
    for (int i = 0; i < runs.length; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long t = System.nanoTime();
      int code =
          BatchAnalytics.run(
              spark, new PrintStream(out, true, StandardCharsets.UTF_8), System.err, runArgs[i]);
      runs[i] = (System.nanoTime() - t) / 1e9;
      if (code != 0) {
        System.out.println(out.toString(StandardCharsets.UTF_8));
        throw new IllegalStateException("job failed with exit code " + code);
      }
    }
    double[] watch = watchLatency(spark, lakeDir, lake, output);
    double baselineWarm = baseline(spark, lake, counted);
    spark.stop();

    System.out.printf(
        Locale.ROOT,
        "%nBatchAnalytics benchmark: %,d rows, %d hour partitions, %d cores%n",
        counted[0],
        hours,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT, "  startup (JVM start -> SparkSession ready): %6.1f s%n", startup);
    System.out.printf(
        Locale.ROOT,
        "  baseline: scan + decode of those columns:  %6.1f s  %,12.0f rows/s (cold)%n",
        baselineCold,
        counted[0] / baselineCold);
    System.out.printf(
        Locale.ROOT,
        "  baseline: scan + decode of those columns:  %6.1f s  %,12.0f rows/s (warm)%n",
        baselineWarm,
        counted[0] / baselineWarm);
    System.out.printf(
        Locale.ROOT,
        "  whole job, every hour's partials + tables: %6.1f s  %,12.0f rows/s%n",
        runs[0],
        counted[0] / runs[0]);
    System.out.printf(
        Locale.ROOT, "  re-run, partials up to date (tables only): %6.1f s%n", runs[1]);
    System.out.printf(
        Locale.ROOT, "  --hour %s (one hour's partials + tables): %6.1f s%n", lastHour, runs[2]);
    System.out.printf(
        Locale.ROOT,
        "  --watch, an hour's _SUCCESS -> tables refreshed: %.1f s, then %.1f s (warm process)%n",
        watch[0],
        watch[1]);
    System.out.printf(
        Locale.ROOT,
        "  whole job including startup (cold):        %6.1f s  %,12.0f rows/s%n",
        startup + runs[0],
        counted[0] / (startup + runs[0]));
  }
}
