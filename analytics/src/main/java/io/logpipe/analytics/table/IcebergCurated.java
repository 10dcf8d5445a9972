package io.logpipe.analytics.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.to_date;

import io.logpipe.analytics.AnalyticsException;
import io.logpipe.analytics.SparkFailures;
import io.logpipe.analytics.lake.CuratedSource;
import io.logpipe.analytics.lake.HourDirectory;
import io.logpipe.analytics.lake.HourRange;
import io.logpipe.analytics.lake.LogEventColumns;
import io.logpipe.analytics.lake.PartitionSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The sink's Iceberg table as the job's input: hours from the partitions of the chosen snapshot's
 * data files, complete when the table marks them (the sink's {@code logpipe.hour-complete.*}
 * properties), rows through Iceberg's Spark source pinned to that snapshot. An hour's {@code
 * _INPUT} source is its data (and delete) files in that snapshot, so a new commit into an hour, or
 * another snapshot ({@code --as-of}), makes its partials stale exactly as a new file does in the
 * file lake.
 *
 * <p>A {@link #select} fixes the snapshot that the following {@link #read} reads: a pass plans and
 * reads one state of the table even while the sink commits.
 */
public final class IcebergCurated implements CuratedSource {

  private final SparkSession spark;
  private final TableSpec spec;
  private final String lake;
  private final TableLoader loader;
  private TableHours.Listing listing;

  public IcebergCurated(SparkSession spark, String lake, TableSpec spec) {
    this.spark = spark;
    this.spec = spec;
    this.lake = lake;
    this.loader = new TableLoader(spark, lake, spec);
  }

  @Override
  public String describe() {
    return "the Iceberg table "
        + loader.describe()
        + (listing == null ? "" : " (snapshot " + listing.snapshot().snapshotId() + ")");
  }

  @Override
  public PartitionSelector.Selection select(Optional<HourRange> range, boolean completeOnly) {
    Table table = loader.load();
    Snapshot snapshot = Snapshots.resolve(table, spec.asOf(), loader.describe());
    listing = TableHours.list(table, snapshot, loader.describe());
    List<HourDirectory> selected = new ArrayList<>();
    int skippedIncomplete = 0;
    for (HourDirectory h : listing.hours()) {
      if (range.isPresent() && !range.get().contains(h.partition())) {
        continue;
      }
      if (completeOnly && !h.complete()) {
        skippedIncomplete++;
        continue;
      }
      selected.add(h);
    }
    if (selected.isEmpty()) {
      StringBuilder msg =
          new StringBuilder(
              "no data to analyse "
                  + range.map(r -> "between " + r).orElse("in the table")
                  + " in "
                  + describe());
      if (skippedIncomplete > 0) {
        msg.append("; ")
            .append(skippedIncomplete)
            .append(" hour(s) not marked complete (")
            .append(TableHours.MARK_PREFIX)
            .append("…) were skipped because of --complete-only");
      }
      if (!listing.hours().isEmpty()) {
        msg.append("; the table has hours ")
            .append(listing.hours().get(0).partition().label())
            .append(" .. ")
            .append(listing.hours().get(listing.hours().size() - 1).partition().label());
      }
      throw new AnalyticsException(msg.toString());
    }
    return new PartitionSelector.Selection(List.copyOf(selected), List.of(), skippedIncomplete, 0);
  }

  @Override
  public Dataset<Row> read(PartitionSelector.Selection hours) {
    if (listing == null) {
      throw new IllegalStateException("read before select");
    }
    PathCatalog.ensure(spark, lake);
    DataFrameReader reader =
        spark
            .read()
            .format("iceberg")
            .option("snapshot-id", String.valueOf(listing.snapshot().snapshotId()));
    Dataset<Row> raw;
    try {
      raw = reader.load(loader.sparkPath());
    } catch (Exception e) { // Spark throws its checked exceptions undeclared
      throw new AnalyticsException(
          "cannot read " + describe() + ": " + SparkFailures.describe(e), e);
    }
    List<String> missing = new ArrayList<>();
    for (String c : LogEventColumns.PROJECTED) {
      if (!List.of(raw.columns()).contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new AnalyticsException(
          "unexpected schema in "
              + describe()
              + ": column(s) "
              + missing
              + " missing. Found: "
              + raw.schema().simpleString()
              + ". The table must hold LogEvent rows as written by hdfs-sink --format iceberg.");
    }
    Column dt = col(LogEventColumns.DT).cast(DataTypes.StringType);
    Column hour = lpad(col(LogEventColumns.HOUR).cast(DataTypes.StringType), 2, "0");
    List<HourDirectory> list = hours.partitions();
    // The dt range prunes partitions in Iceberg's scan; the exact list keeps only the chosen hours.
    Column inRange =
        col(LogEventColumns.DT)
            .between(
                to_date(lit(list.get(0).dtValue())),
                to_date(lit(list.get(list.size() - 1).dtValue())));
    Object[] keys = list.stream().map(h -> h.dtValue() + "/" + h.hourValue()).toArray();
    return raw.where(inRange.and(concat_ws("/", dt, hour).isin(keys)))
        .select(
            dt.as(LogEventColumns.DT),
            hour.as(LogEventColumns.HOUR),
            col(LogEventColumns.HOST),
            col(LogEventColumns.PATH),
            col(LogEventColumns.STATUS).cast(DataTypes.IntegerType).as(LogEventColumns.STATUS),
            col(LogEventColumns.BYTES).cast(DataTypes.LongType).as(LogEventColumns.BYTES),
            col(LogEventColumns.IP),
            col(LogEventColumns.RT_MS).cast(DataTypes.LongType).as(LogEventColumns.RT_MS));
  }

  /** The lake this table belongs to (its warehouse with the Hadoop catalog). */
  public String lake() {
    return lake;
  }
}
