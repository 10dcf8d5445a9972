package io.logpipe.analytics.lake;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the curated events come from: the file lake's hour directories, or the sink's Iceberg
 * table. Both give the same hours (same {@code dt}/{@code hour} values, the same notion of
 * complete) and the same projected rows, so everything after them is shared.
 */
public interface CuratedSource {

  /** What is read, for messages: a path, or a table and its snapshot. */
  String describe();

  /**
   * Selects the hours in {@code range} (all of them when empty) and, with {@code completeOnly},
   * those marked complete.
   *
   * @throws io.logpipe.analytics.AnalyticsException when there is nothing to read
   */
  PartitionSelector.Selection select(Optional<HourRange> range, boolean completeOnly);

  /**
   * The rows of these hours (of the last {@link #select}), projected on {@link
   * LogEventColumns#PROJECTED}: {@code dt}, {@code hour} as the lake's strings ({@code 2025-12-24},
   * {@code 07}), status int, bytes and rt_ms long.
   */
  Dataset<Row> read(PartitionSelector.Selection hours);

  /** The file lake: {@code <lake>/curated/dt=…/hour=…/}. */
  static CuratedSource files(org.apache.spark.sql.SparkSession spark, String curated) {
    return new CuratedSource() {
      @Override
      public String describe() {
        return curated;
      }

      @Override
      public PartitionSelector.Selection select(Optional<HourRange> range, boolean completeOnly) {
        return new PartitionSelector(spark.sparkContext().hadoopConfiguration())
            .select(curated, range, completeOnly);
      }

      @Override
      public Dataset<Row> read(PartitionSelector.Selection hours) {
        return new LakeReader(spark).read(curated, hours);
      }
    };
  }
}
