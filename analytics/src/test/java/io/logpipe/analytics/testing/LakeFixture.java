package io.logpipe.analytics.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Builds a lake in the sink's exact layout ({@code
 * <lake>/curated/dt=YYYY-MM-DD/hour=HH/part-*.snappy.parquet}, {@code _SUCCESS} in complete hours)
 * with Spark itself, from events constructed here.
 */
public final class LakeFixture {

  public static final List<String> HOSTS =
      List.of("api.myapp.com", "www.myapp.com", "static.myapp.com");

  /** Paths with very different popularity, so that the top-N order is meaningful. */
  public static final List<String> PATHS =
      List.of(
          "/",
          "/api/v1/login",
          "/api/v1/orders",
          "/api/v1/users",
          "/static/app.js",
          "/static/app.css",
          "/health",
          "/search",
          "/cart",
          "/checkout",
          "/about",
          "/a&b<c>");

  private static final int[] STATUSES = {
    101, 200, 200, 200, 200, 201, 204, 301, 304, 400, 403, 404, 404, 500, 503
  };

  private LakeFixture() {}

  /**
   * {@code perHour} deterministic events in each of {@code hours}; about a third have no response
   * time (combined format), paths follow a skewed distribution.
   */
  public static List<LogEventRow> events(long seed, int perHour, LocalDateTime... hours) {
    Random random = new Random(seed);
    List<LogEventRow> events = new ArrayList<>();
    long offset = seed * 1_000_000L;
    for (LocalDateTime hour : hours) {
      for (int i = 0; i < perHour; i++) {
        LocalDateTime ts =
            hour.plusSeconds(random.nextInt(3600)).plusNanos(random.nextInt(1_000_000) * 1000L);
        String path =
            PATHS.get(
                Math.min(
                    PATHS.size() - 1, (int) Math.floor(-Math.log(1 - random.nextDouble()) * 3)));
        boolean combined = random.nextInt(3) == 0;
        Long rt =
            combined
                ? null
                : (long)
                    (random.nextInt(50)
                        + (random.nextInt(20) == 0 ? 1000 + random.nextInt(4000) : 0));
        events.add(
            new LogEventRow(
                ts,
                HOSTS.get(random.nextInt(HOSTS.size())),
                random.nextInt(5) == 0 ? "POST" : "GET",
                path,
                random.nextInt(4) == 0 ? "q=" + i : null,
                STATUSES[random.nextInt(STATUSES.length)],
                random.nextInt(50_000),
                "10.0." + random.nextInt(4) + "." + random.nextInt(12),
                combined ? null : "curl/8.0",
                combined ? "https://example.org/" : null,
                rt,
                combined ? "COMBINED" : "JSON",
                random.nextInt(3),
                offset++));
      }
    }
    return events;
  }

  /**
   * Appends {@code events} to {@code <lake>/curated} partitioned by event time, as the sink does,
   * and marks the hours in {@code completeHours} ("YYYY-MM-DD/HH") with {@code _SUCCESS}.
   */
  public static void write(
      SparkSession spark, Path lake, List<LogEventRow> events, Collection<String> completeHours) {
    Path curated = lake.resolve("curated");
    writeParquet(spark, curated.toUri().toString(), events);
    try {
      Files.deleteIfExists(
          curated.resolve("_SUCCESS")); // Spark's job marker, not the sink's hour marker
      for (String hour : completeHours) {
        Path dir =
            curated.resolve("dt=" + hour.substring(0, 10)).resolve("hour=" + hour.substring(11));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("_SUCCESS"), "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Appends {@code events} under {@code curatedUri} (any Hadoop FileSystem) in the sink's layout,
   * without hour markers.
   */
  public static void writeParquet(SparkSession spark, String curatedUri, List<LogEventRow> events) {
    // The sink (parquet-avro, timestamp-micros) writes INT64 TIMESTAMP(MICROS): Spark's default is
    // INT96.
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    List<Row> rows = events.stream().map(LogEventRow::toRow).toList();
    spark
        .createDataFrame(rows, LogEventRow.SCHEMA)
        .repartition(2)
        .write()
        .mode(SaveMode.Append)
        .partitionBy("dt", "hour")
        .parquet(curatedUri);
  }

  /**
   * The data files (Parquet parts) under a directory, recursively, as Spark reports them ("file:"
   * URIs).
   */
  public static List<Path> dataFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
