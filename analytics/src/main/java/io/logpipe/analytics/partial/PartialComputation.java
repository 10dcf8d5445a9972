package io.logpipe.analytics.partial;

import static org.apache.spark.sql.functions.col;

import io.logpipe.lake.LakeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Computes the partials of some hours from their raw rows in one pass ({@link HourAggregation} per
 * task, then the tasks' partials of each hour merged) and brings them to the driver, which merges
 * the period's tables from them anyway; then replaces exactly those hours under {@code
 * <output>/hourly} (dynamic partition overwrite: every other hour keeps its files).
 */
public final class PartialComputation {

  /**
   * Up to this many hours, their partials are written by one task (no shuffle: a few thousand rows
   * per hour); more, e.g. a backfill of months, are spread over the cluster by hour.
   */
  static final int HOURS_PER_WRITING_TASK = 168;

  private final SparkSession spark;

  public PartialComputation(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The merged partials of the hours in {@code events}, before anything is written. A plain scan of
   * the lake is aggregated batch by batch ({@link ColumnarScan}); any other frame row by row.
   */
  public Computed compute(Dataset<Row> events, int hours) {
    Optional<ColumnarScan> scan = ColumnarScan.of(events);
    JavaPairRDD<String, HourPartial> perTask;
    if (scan.isPresent()) {
      perTask =
          scan.get()
              .batches()
              .toJavaRDD()
              .mapPartitionsToPair(new BatchAggregation(scan.get().columns()));
    } else {
      JavaRDD<InternalRow> rows = events.queryExecution().toRdd().toJavaRDD();
      perTask = rows.mapPartitionsToPair(new HourAggregation());
    }
    List<byte[]> merged =
        perTask
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
            .values()
            .map(HourPartial::toBytes)
            .collect();
    List<HourPartial> partials = new ArrayList<>(merged.size());
    merged.forEach(b -> partials.add(HourPartial.fromBytes(b)));
    return new Computed(partials);
  }

  /** The merged partials of some hours, on the driver. */
  public final class Computed {
    private final Map<String, Long> requests = new HashMap<>();
    private final Map<String, List<Row>> rows = new HashMap<>();

    private Computed(List<HourPartial> partials) {
      for (HourPartial p : partials) {
        String key = p.dt() + "/" + p.hour();
        requests.put(key, p.requests());
        rows.put(key, PartialRows.of(p));
      }
    }

    /** Rows per hour, keyed {@code dt/hour}; hours without rows are absent. */
    public Map<String, Long> requests() {
      return Map.copyOf(requests);
    }

    /**
     * The stored rows ({@link PartialRows}) of an hour, keyed {@code dt/hour}, as {@link #write}
     * writes them; empty for an hour without rows.
     */
    public List<Row> rows(String hour) {
      return rows.getOrDefault(hour, List.of());
    }

    /** Replaces these hours' partials under {@code table}; the others stay. */
    public void write(String table) {
      List<Row> all = new ArrayList<>();
      rows.values().forEach(all::addAll);
      Dataset<Row> frame = spark.createDataFrame(all, PartialRows.SCHEMA);
      // One task per hour's rows at most, so that every hour gets one file.
      frame =
          rows.size() <= HOURS_PER_WRITING_TASK
              ? frame.coalesce(1)
              : frame.repartition(col(LakeNames.DT), col(LakeNames.HOUR));
      frame
          .write()
          .mode(SaveMode.Overwrite)
          .option("partitionOverwriteMode", "dynamic")
          .partitionBy(LakeNames.DT, LakeNames.HOUR)
          .parquet(table);
    }
  }
}
