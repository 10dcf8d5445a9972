package io.logpipe.analytics.partial;

import io.logpipe.lake.LakeNames;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;

/**
 * Computes the partials of some hours from their raw rows in one pass ({@link HourAggregation} per
 * task, then the tasks' partials of each hour merged), and replaces exactly those hours under
 * {@code <output>/hourly} (dynamic partition overwrite: every other hour keeps its files).
 */
public final class PartialComputation {

  private final SparkSession spark;

  public PartialComputation(SparkSession spark) {
    this.spark = spark;
  }

  /** The merged partials of the hours in {@code events}, before anything is written. */
  public Computed compute(Dataset<Row> events, int hours) {
    JavaRDD<InternalRow> rows = events.queryExecution().toRdd().toJavaRDD();
    JavaPairRDD<String, HourPartial> partials =
        rows.mapPartitionsToPair(new HourAggregation())
            .mapValues(HourPartial::toBytes)
            .combineByKey(
                HourPartial::fromBytes,
                (p, bytes) -> p.addAll(HourPartial.fromBytes(bytes)),
                HourPartial::addAll,
                new HashPartitioner(
                    Math.max(1, Math.min(hours, spark.sparkContext().defaultParallelism() * 2))),
                // Tasks' partials go through the shuffle in their stored form: a few bytes per
                // histogram and IP set instead of their hash tables.
                false,
                null)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> requests = new HashMap<>();
    for (scala.Tuple2<String, Long> t : partials.mapValues(HourPartial::requests).collect()) {
      requests.put(t._1(), t._2());
    }
    return new Computed(partials, requests);
  }

  /**
   * The partials of some hours, held by Spark until written.
   *
   * @param requests rows per hour, keyed {@code dt/hour}; hours without rows are absent
   */
  public final class Computed implements AutoCloseable {
    private final JavaPairRDD<String, HourPartial> partials;
    private final Map<String, Long> requests;

    private Computed(JavaPairRDD<String, HourPartial> partials, Map<String, Long> requests) {
      this.partials = partials;
      this.requests = Map.copyOf(requests);
    }

    public Map<String, Long> requests() {
      return requests;
    }

    /** Replaces these hours' partials under {@code table}; the others stay. */
    public void write(String table) {
      JavaRDD<Row> rows = partials.values().flatMap(p -> PartialRows.of(p).iterator());
      spark
          .createDataFrame(rows, PartialRows.SCHEMA)
          .write()
          .mode(SaveMode.Overwrite)
          .option("partitionOverwriteMode", "dynamic")
          .partitionBy(LakeNames.DT, LakeNames.HOUR)
          .parquet(table);
    }

    @Override
    public void close() {
      partials.unpersist(false);
    }
  }
}
