package io.logpipe.analytics.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's comparison on the job's real output: the Spark job (local[2]) and DuckDB over the
 * same lake, then {@link CompareWithSpark} reading the job's tables in their layout. Groups hold
 * fewer than 10,000 response times, where percentile_approx is exact, so every value must match.
 */
class DuckDbBaselineIT {

  private static final LocalDateTime H00 = LocalDateTime.of(2025, 12, 24, 0, 0);

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static Path lake;
  private static Path sparkOut;

  @BeforeAll
  static void runTheJob() throws Exception {
    spark = SparkTestSession.start();
    lake = tmp.resolve("lake");
    List<LogEventRow> events =
        LakeFixture.events(15, 400, H00, H00.plusHours(1), H00.plusHours(2), H00.plusHours(23));
    LakeFixture.write(spark, lake, events, List.of("2025-12-24/00", "2025-12-24/01"));
    sparkOut = tmp.resolve("spark-out");
    SparkTestSession.Run run =
        SparkTestSession.run(
            spark, "--lake", lake.toString(), "--output", sparkOut.toString(), "--top", "5");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Path duckDbTables(String name) throws Exception {
    Path out = tmp.resolve(name);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbKpis kpis = new DuckDbKpis(c);
      kpis.readLake(lake);
      kpis.writeTables(out, 5);
    }
    return out;
  }

  @Test
  void everyValueOfBothEnginesMatches() throws Exception {
    ComparisonReport report = CompareWithSpark.compare(duckDbTables("duckdb"), sparkOut);

    assertThat(report.mismatches()).isEmpty();
    assertThat(report.tables())
        .containsExactly("kpi_by_hour", "kpi_by_host", "top_paths", "top_paths_csv");
    // 4 hours x 14 metrics + 3 hosts x 14 + 5 paths x 10, twice (Parquet and CSV).
    assertThat(report.values()).isEqualTo(4 * 14 + 3 * 14 + 2 * 5 * 10);
    assertThat(report.verdict()).startsWith("comparison: MATCH");
  }

  @Test
  void anEventTheJobDidNotSeeIsReported() throws Exception {
    Path lakeOneMore = tmp.resolve("lake-one-more");
    LakeFixture.writeParquet(
        spark,
        lakeOneMore.resolve("curated").toUri().toString(),
        LakeFixture.events(99, 1, H00.plusHours(2)));
    try (var files = Files.walk(lake.resolve("curated"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path target = lakeOneMore.resolve(lake.relativize(p).toString());
        if (!Files.exists(target)) {
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
        }
      }
    }
    Path out = tmp.resolve("duckdb-one-more");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbKpis kpis = new DuckDbKpis(c);
      kpis.readLake(lakeOneMore);
      kpis.writeTables(out, 5);
    }

    ComparisonReport report = CompareWithSpark.compare(out, sparkOut);

    assertThat(report.matches()).isFalse();
    assertThat(report.mismatches())
        .anySatisfy(
            m -> {
              assertThat(m.table()).isEqualTo("kpi_by_hour");
              assertThat(m.key()).isEqualTo(List.of("2025-12-24", "02"));
              assertThat(m.column()).isEqualTo("requests");
              assertThat(m.duckDb()).isEqualTo(401L);
              assertThat(m.spark()).isEqualTo(400L);
            });
    assertThat(report.mismatches())
        .filteredOn(m -> m.table().equals("kpi_by_hour"))
        .allSatisfy(m -> assertThat(m.key()).isEqualTo(List.of("2025-12-24", "02")));
  }
}
