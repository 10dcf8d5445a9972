package io.logpipe.analytics.partial;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.lake.LakeReader;
import io.logpipe.analytics.lake.PartitionSelector;
import io.logpipe.analytics.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar pass over a lake's batches gives the same partials as the row pass, over files whose
 * string columns switch from dictionary to plain pages, with nulls and IPs of every kind, in small
 * batches (so that dictionary values are reused across batches).
 */
class BatchAggregationTest {

  private static SparkSession spark;

  @TempDir static Path lake;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.conf().unset("spark.sql.parquet.columnarReaderBatchSize");
  }

  @Test
  void columnarPartialsEqualThoseComputedRowByRow() {
    Dataset<Row> events = frame(writeLake(20_000));
    Optional<ColumnarScan> scan = ColumnarScan.of(events);
    assertThat(scan).as("the lake's frame is read as batches").isPresent();

    Map<String, String> columnar =
        canonical(
            scan.get()
                .batches()
                .toJavaRDD()
                .mapPartitionsToPair(new BatchAggregation(scan.get().columns()))
                .mapValues(HourPartial::toBytes)
                .collect());
    Map<String, String> rows =
        canonical(
            events
                .queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitionsToPair(new HourAggregation())
                .mapValues(HourPartial::toBytes)
                .collect());
    assertThat(columnar.keySet()).hasSizeGreaterThan(2 * (1 + 4 + 30)); // 2 hours, hosts, paths
    assertThat(columnar).isEqualTo(rows);

    PartialComputation.Computed computed = new PartialComputation(spark).compute(events, 2);
    assertThat(computed.requests()).containsOnlyKeys("2025-12-24/07", "2025-12-24/08");
    assertThat(computed.requests().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(20_000);
  }

  @Test
  void anyOtherPlanIsReadAsRows() {
    Dataset<Row> events = frame(writeLake(500));
    assertThat(ColumnarScan.of(events.filter(col("status").gt(200)))).isEmpty();
    assertThat(ColumnarScan.of(events.union(events))).isEmpty();
    assertThat(
            new PartialComputation(spark)
                .compute(events.filter(col("status").equalTo(503)), 2).requests().values().stream()
                    .mapToLong(Long::longValue)
                    .sum())
        .isEqualTo(events.filter(col("status").equalTo(503)).count());
  }

  private static Dataset<Row> frame(String curated) {
    spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "97");
    PartitionSelector.Selection selection =
        new PartitionSelector(spark.sparkContext().hadoopConfiguration())
            .select(curated, Optional.empty(), false);
    return new LakeReader(spark).read(curated, selection);
  }

  /** Two hours of rows; a tiny dictionary page makes Parquet switch to plain pages midway. */
  private static String writeLake(int n) {
    StructType schema =
        new StructType()
            .add("ts", DataTypes.TimestampType)
            .add("host", DataTypes.StringType)
            .add("path", DataTypes.StringType)
            .add("status", DataTypes.IntegerType)
            .add("bytes", DataTypes.LongType)
            .add("ip", DataTypes.StringType)
            .add("rt_ms", DataTypes.LongType)
            .add("dt", DataTypes.StringType)
            .add("hour", DataTypes.StringType);
    Random random = new Random(n);
    String[] odd = {"::1", "2001:db8::7", "010.0.0.1", "-", "", "10.0.0.256", "1.2.3.4 "};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int ipKind = random.nextInt(20);
      String ip =
          ipKind == 0
              ? null
              : ipKind == 1
                  ? odd[random.nextInt(odd.length)]
                  : "10." + random.nextInt(3) + "." + random.nextInt(256) + "." + i % 97;
      rows.add(
          RowFactory.create(
              new java.sql.Timestamp(1_766_559_600_000L + i),
              random.nextInt(50) == 0 ? null : "h" + random.nextInt(4) + ".example",
              random.nextInt(60) == 0 ? null : "/p/" + (int) Math.pow(random.nextInt(30), 1),
              random.nextInt(40) == 0 ? null : 100 + random.nextInt(450),
              random.nextInt(40) == 0 ? null : (long) random.nextInt(100_000),
              ip,
              random.nextInt(3) == 0
                  ? null
                  : (long) (random.nextInt(10) == 0 ? random.nextInt(50_000) : random.nextInt(300)),
              "2025-12-24",
              i % 3 == 0 ? "07" : "08"));
    }
    String curated = lake.resolve("curated-" + n).toUri().toString();
    spark
        .createDataFrame(rows, schema)
        .repartition(2)
        .write()
        .option("parquet.dictionary.page.size", "2048")
        .option("parquet.page.size", "4096")
        .partitionBy("dt", "hour")
        .parquet(curated);
    return curated;
  }

  /** Every aggregate of every hour, by hour and key, in its stored form. */
  private static Map<String, String> canonical(List<scala.Tuple2<String, byte[]>> perTask) {
    Map<String, HourPartial> merged = new TreeMap<>();
    for (scala.Tuple2<String, byte[]> t : perTask) {
      HourPartial p = HourPartial.fromBytes(t._2());
      merged.merge(t._1(), p, HourPartial::addAll);
    }
    Map<String, String> out = new TreeMap<>();
    HexFormat hex = HexFormat.of();
    merged.forEach(
        (hour, p) -> {
          p.hosts()
              .forEach(
                  (k, v) ->
                      out.put(
                          hour + " host " + k,
                          describe(v)
                              + hex.formatHex(v.ips().ipv4Bytes())
                              + String.join(",", v.ips().others())));
          p.paths().forEach((k, v) -> out.put(hour + " path " + k, describe(v)));
        });
    return out;
  }

  private static String describe(Traffic t) {
    return t.requests()
        + " "
        + java.util.Arrays.toString(t.statusClasses())
        + " "
        + t.bytesTotal()
        + " "
        + HexFormat.of().formatHex(t.rt().toBytes())
        + " ";
  }
}
