package io.logpipe.analytics.bench.duckdb;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's baseline: DuckDB computes the job's three tables over a local lake, in a JVM of
 * its own so that its cold start counts as the Spark job's does.
 *
 * <p>Usage: {@code DuckDbBaseline LAKE_DIR OUTPUT_DIR [TOP]} (TOP: rows of top_paths, default 20,
 * the job's). Prints the time from JVM start to the last table written, and each step.
 */
public final class DuckDbBaseline {

  private DuckDbBaseline() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DuckDbBaseline LAKE_DIR OUTPUT_DIR [TOP]");
      System.exit(2);
    }
    Path lake = Path.of(args[0]).toAbsolutePath();
    Path out = Path.of(args[1]).toAbsolutePath();
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 20;

    long connectStart = System.nanoTime();
    Map<String, Double> steps;
    double connect;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      connect = (System.nanoTime() - connectStart) / 1e9;
      DuckDbKpis kpis = new DuckDbKpis(connection);
      kpis.readLake(lake);
      steps = kpis.writeTables(out, top);
    }
    double sinceJvmStart =
        (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    StringBuilder detail = new StringBuilder();
    detail.append(String.format(Locale.ROOT, "driver load + connect %.1f s", connect));
    steps.forEach((table, s) -> detail.append(String.format(Locale.ROOT, ", %s %.1f s", table, s)));
    System.out.printf(
        Locale.ROOT,
        "duckdb: JVM start -> tables written in %s: %.1f s (%s)%n",
        out,
        sinceJvmStart,
        detail);
  }
}
