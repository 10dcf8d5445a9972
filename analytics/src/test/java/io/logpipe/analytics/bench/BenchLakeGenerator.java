package io.logpipe.analytics.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.typedLit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.logpipe.analytics.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Generates a benchmark lake with Spark itself: {@code rows} LogEvent rows spread evenly over
 * {@code hours} hours from 2025-12-01T00 UTC, in the sink's layout ({@code
 * curated/dt=/hour=/part-*.snappy.parquet}, {@code _SUCCESS} omitted), with INT64 TIMESTAMP(MICROS)
 * timestamps like parquet-avro writes.
 *
 * <p>{@code main(ROWS HOURS LAKE_DIR)} generates it in a JVM of its own unless {@code
 * LAKE_DIR/curated} exists (bin/benchmark).
 */
final class BenchLakeGenerator {

  private static final String[] HOSTS = {
    "api.myapp.com", "www.myapp.com", "static.myapp.com", "admin.myapp.com", "cdn.myapp.com"
  };

  private BenchLakeGenerator() {}

  public static void main(String[] args) {
    long rows = Long.parseLong(args[0]);
    int hours = Integer.parseInt(args[1]);
    Path lake = Path.of(args[2]).toAbsolutePath();
    if (Files.isDirectory(lake.resolve("curated"))) {
      System.out.println("reusing " + lake);
      return;
    }
    SparkSession spark = SparkSessions.create(Optional.empty(), ZoneOffset.UTC);
    try {
      long start = System.nanoTime();
      generate(spark, lake.toUri().toString(), rows, hours);
      System.out.printf(
          Locale.ROOT,
          "generated %,d rows over %d hours in %s: %.1f s%n",
          rows,
          hours,
          lake,
          (System.nanoTime() - start) / 1e9);
    } finally {
      spark.stop();
    }
  }

  static void generate(SparkSession spark, String lake, long rows, int hours) {
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    long spanMicros = hours * 3_600_000_000L;
    Column h = xxhash64(col("id"));
    Column ts =
        expr(
            "timestamp_micros("
                + 1_764_547_200_000_000L
                + "L + id * "
                + (spanMicros / rows)
                + "L)");
    String[] paths = new String[1000];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = "/api/v1/resource/" + i;
    }
    // Zipf-like path popularity: the square of a uniform number skews towards the first paths.
    Column u = pmod(h, lit(1_000_000L)).divide(1_000_000.0);
    Column pathIdx = u.multiply(u).multiply(paths.length).cast("int").plus(1);
    Column statusRoll = pmod(h.divide(7).cast("long"), lit(100L));
    Column status =
        when(statusRoll.lt(80), lit(200))
            .when(statusRoll.lt(85), lit(304))
            .when(statusRoll.lt(90), lit(301))
            .when(statusRoll.lt(96), lit(404))
            .when(statusRoll.lt(98), lit(400))
            .otherwise(lit(503));
    Column combined = pmod(h.divide(13).cast("long"), lit(3L)).equalTo(0);
    Dataset<Row> events =
        spark
            .range(0, rows, 1, Math.max(2, hours / 4))
            .select(
                ts.as("ts"),
                element_at(
                        typedLit(HOSTS, null),
                        pmod(h.divide(3).cast("long"), lit((long) HOSTS.length))
                            .plus(1)
                            .cast("int"))
                    .as("host"),
                lit("GET").as("method"),
                element_at(typedLit(paths, null), pathIdx).as("path"),
                lit(null).cast("string").as("query"),
                status.as("status"),
                pmod(h.divide(11).cast("long"), lit(50_000L)).as("bytes"),
                concat(
                        lit("10.0."),
                        pmod(h.divide(17).cast("long"), lit(250L)).cast("string"),
                        lit("."),
                        pmod(h.divide(19).cast("long"), lit(250L)).cast("string"))
                    .as("ip"),
                lit("bench/1.0").as("ua"),
                lit(null).cast("string").as("referrer"),
                when(combined, lit(null).cast("long"))
                    .otherwise(pmod(h.divide(23).cast("long"), lit(2000L)))
                    .as("rt_ms"),
                when(combined, lit("COMBINED")).otherwise(lit("JSON")).as("format"),
                lit("logs_raw").as("raw_topic"),
                pmod(col("id"), lit(12L)).cast("int").as("raw_partition"),
                col("id").as("raw_offset"))
            .withColumn("dt", date_format(col("ts"), "yyyy-MM-dd"))
            .withColumn("hour", date_format(col("ts"), "HH"));
    events.write().mode(SaveMode.Overwrite).partitionBy("dt", "hour").parquet(lake + "/curated");
  }
}
