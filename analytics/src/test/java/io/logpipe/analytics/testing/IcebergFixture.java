package io.logpipe.analytics.testing;

import static org.apache.spark.sql.functions.col;

import io.logpipe.analytics.table.PathCatalog;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes {@link LogEventRow}s into an Iceberg table laid out as {@code hdfs-sink --format iceberg}
 * lays it out (its schema with the same field ids, identity partitions on {@code dt date} and
 * {@code hour int}, format 2, Parquet), one Iceberg append per call, with Iceberg's Spark writer;
 * and marks hours complete with the sink's table properties. This module cannot use the sink's own
 * classes (Parquet 1.17 on Spark's classpath): {@code cli}'s iceberg IT runs the real sink.
 */
public final class IcebergFixture {

  /** hdfs-sink's {@code LogEventTable.SCHEMA}. */
  public static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "ts", Types.TimestampType.withZone()),
          Types.NestedField.required(2, "host", Types.StringType.get()),
          Types.NestedField.required(3, "method", Types.StringType.get()),
          Types.NestedField.required(4, "path", Types.StringType.get()),
          Types.NestedField.optional(5, "query", Types.StringType.get()),
          Types.NestedField.required(6, "status", Types.IntegerType.get()),
          Types.NestedField.required(7, "bytes", Types.LongType.get()),
          Types.NestedField.required(8, "ip", Types.StringType.get()),
          Types.NestedField.optional(9, "ua", Types.StringType.get()),
          Types.NestedField.optional(10, "referrer", Types.StringType.get()),
          Types.NestedField.optional(11, "rt_ms", Types.LongType.get()),
          Types.NestedField.required(12, "format", Types.StringType.get()),
          Types.NestedField.required(13, "raw_topic", Types.StringType.get()),
          Types.NestedField.required(14, "raw_partition", Types.IntegerType.get()),
          Types.NestedField.required(15, "raw_offset", Types.LongType.get()),
          Types.NestedField.required(16, "dt", Types.DateType.get()),
          Types.NestedField.required(17, "hour", Types.IntegerType.get()));

  public static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA).identity("dt").identity("hour").build();

  /** The sink's completion mark prefix (hdfs-sink's {@code HourMarks.PREFIX}). */
  public static final String MARK_PREFIX = io.logpipe.lake.LakeNames.HOUR_COMPLETE_PROPERTY_PREFIX;

  private IcebergFixture() {}

  /** Creates the table at {@code location} (the sink's {@code <lake>/curated}). */
  public static Table create(SparkSession spark, String location) {
    return new HadoopTables(spark.sparkContext().hadoopConfiguration())
        .create(
            SCHEMA,
            SPEC,
            Map.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.DEFAULT_FILE_FORMAT, "parquet",
                TableProperties.PARQUET_COMPRESSION, "snappy"),
            location);
  }

  /** One append of {@code events}; returns the snapshot it made. */
  public static Snapshot append(SparkSession spark, Table table, List<LogEventRow> events) {
    List<Column> columns =
        java.util.Arrays.stream(LogEventRow.SCHEMA.fieldNames())
            .map(
                n ->
                    switch (n) {
                      case "dt" -> col(n).cast(DataTypes.DateType).as(n);
                      case "hour" -> col(n).cast(DataTypes.IntegerType).as(n);
                      default -> col(n);
                    })
            .toList();
    PathCatalog.ensure(spark, table.location());
    spark
        .createDataFrame(events.stream().map(LogEventRow::toRow).toList(), LogEventRow.SCHEMA)
        .select(columns.toArray(Column[]::new))
        .repartition(2)
        .write()
        .format("iceberg")
        // dt and hour come from casts Spark calls nullable; the rows have them all.
        .option("check-nullability", "false")
        .option("fanout-enabled", "true")
        .mode("append")
        .save(table.location());
    table.refresh();
    return table.currentSnapshot();
  }

  /** Marks these hours ("YYYY-MM-DD/HH") complete, as the sink's {@code HourMarks} does. */
  public static void mark(Table table, List<String> hours) {
    UpdateProperties update = table.updateProperties();
    for (String h : hours) {
      update.set(MARK_PREFIX + h.substring(0, 10) + "T" + h.substring(11), "2026-01-01T00:00:00Z");
    }
    update.commit();
  }
}
