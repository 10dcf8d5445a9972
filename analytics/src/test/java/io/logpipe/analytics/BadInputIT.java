package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.testing.LakeFixture;
import io.logpipe.analytics.testing.LogEventRow;
import io.logpipe.analytics.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input ends with one clear message and exit code 3, never a stack trace, and writes
 * nothing.
 */
class BadInputIT {

  private static final LocalDateTime HOUR = LocalDateTime.of(2025, 12, 24, 10, 0);

  @TempDir static Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void missingLake() {
    assertBadInput(tmp.resolve("no-such-lake"), "no lake at", "does not exist");
  }

  @Test
  void lakeWithoutPartitions() throws Exception {
    Path lake = tmp.resolve("empty-lake");
    Files.createDirectories(lake.resolve("curated/_temporary"));
    Files.createDirectories(lake.resolve("curated/not-a-partition"));
    assertBadInput(lake, "has no dt=YYYY-MM-DD/hour=HH partitions", "not-a-partition");
  }

  @Test
  void rangeWithNoData() {
    Path lake = tmp.resolve("range-lake");
    LakeFixture.write(spark, lake, LakeFixture.events(3, 20, HOUR), List.of());
    assertBadInput(
        lake,
        "no data to analyse between 2025-12-25T00 .. 2025-12-25T23",
        "the lake has days 2025-12-24 .. 2025-12-24",
        "--from",
        "2025-12-25",
        "--to",
        "2025-12-25");
    assertBadInput(
        lake, "without _SUCCESS were skipped because of --complete-only", "--complete-only");
  }

  @Test
  void hourWithEmptyParquetFiles() {
    Path lake = tmp.resolve("empty-files-lake");
    spark
        .createDataFrame(List.<org.apache.spark.sql.Row>of(), LogEventRow.SCHEMA)
        .drop("dt", "hour")
        .write()
        .parquet(lake.resolve("curated/dt=2025-12-24/hour=10").toString());
    assertBadInput(lake, "no rows to analyse", "2025-12-24T10");
  }

  @Test
  void filesWithAnotherSchema() {
    Path lake = tmp.resolve("other-schema-lake");
    StructType other =
        new StructType(
            new StructField[] {
              DataTypes.createStructField("message", DataTypes.StringType, false),
              DataTypes.createStructField("status", DataTypes.StringType, false)
            });
    spark
        .createDataFrame(List.of(RowFactory.create("hello", "200")), other)
        .write()
        .parquet(lake.resolve("curated/dt=2025-12-24/hour=10").toString());
    assertBadInput(
        lake, "unexpected schema", "column 'host' is missing", "column 'status' is string");
  }

  @Test
  void filesWhoseSchemasConflict() {
    Path lake = tmp.resolve("conflict-lake");
    LakeFixture.write(spark, lake, LakeFixture.events(4, 20, HOUR), List.of());
    StructType conflicting =
        new StructType(
            new StructField[] {DataTypes.createStructField("status", DataTypes.StringType, false)});
    spark
        .createDataFrame(List.of(RowFactory.create("OK")), conflicting)
        .write()
        .parquet(lake.resolve("curated/dt=2025-12-24/hour=11").toString());
    assertBadInput(
        lake,
        "unexpected files in the lake",
        "cannot read them as Parquet with one schema",
        "column 'status' is int in ",
        " but string in ",
        "hour=11");
  }

  @Test
  void fileThatIsNotParquet() throws Exception {
    Path lake = tmp.resolve("garbage-lake");
    Path dir = Files.createDirectories(lake.resolve("curated/dt=2025-12-24/hour=10"));
    Files.writeString(
        dir.resolve("part-00000.snappy.parquet"), "this is not a parquet file at all, really");
    assertBadInput(lake, "part-00000.snappy.parquet");
  }

  private static void assertBadInput(Path lake, String... expectedAndArgs) {
    int split = 0;
    while (split < expectedAndArgs.length && !expectedAndArgs[split].startsWith("--")) {
      split++;
    }
    List<String> expected = List.of(expectedAndArgs).subList(0, split);
    List<String> extra = List.of(expectedAndArgs).subList(split, expectedAndArgs.length);
    Path output = lake.resolveSibling(lake.getFileName() + "-out");
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--lake", lake.toString(), "--output", output.toString()));
    args.addAll(extra);
    SparkTestSession.Run run = SparkTestSession.run(spark, args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(AnalyticsException.EXIT_BAD_INPUT);
    String error = run.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
    assertThat(error).as(run.err()).contains(expected);
    assertThat(run.err()).doesNotContain("\tat ", "Exception in thread");
    assertThat(output.resolve("summary.json")).doesNotExist();
  }
}
