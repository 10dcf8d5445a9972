package io.logpipe.analytics.lake;

import static org.apache.spark.sql.functions.col;

import io.logpipe.analytics.AnalyticsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the selected hour partitions of the curated lake as one DataFrame, after checking that
 * their Parquet schema is the one the KPIs need.
 */
public final class LakeReader {

  private final SparkSession spark;

  public LakeReader(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Returns the selected partitions' events projected on {@link LogEventColumns#PROJECTED}; {@code
   * dt} and {@code hour} are the directory values as strings ({@code 2025-12-24}, {@code 07}).
   *
   * @throws AnalyticsException when the files cannot be read as Parquet or their schema lacks a
   *     needed column
   */
  public Dataset<Row> read(String curated, PartitionSelector.Selection selection) {
    // Partition values stay strings ("07", not 7): kpi_by_hour is written back with the lake's own
    // names.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    StructType found;
    try {
      // Every footer is read, so one file written with another schema cannot hide behind the
      // first.
      found =
          new LakeFooters(spark.sparkContext().hadoopConfiguration(), spark.sessionState().conf())
              .schema(selection.partitions());
    } catch (LakeFooters.Unreadable e) {
      throw new AnalyticsException(
          "unexpected files in the lake between "
              + selection.span()
              + ": cannot read them as Parquet with one schema: "
              + e.getMessage(),
          e);
    }
    check(found, selection);
    // The schema found is given to the reader, so that Spark does not read the footers again.
    Dataset<Row> raw =
        spark.read().schema(found).option("basePath", curated).parquet(selection.paths());
    List<Column> projected = new ArrayList<>();
    for (String name : LogEventColumns.PROJECTED) {
      Column c = col(name);
      if (name.equals(LogEventColumns.STATUS)) {
        c = c.cast(DataTypes.IntegerType).as(name);
      } else if (name.equals(LogEventColumns.BYTES) || name.equals(LogEventColumns.RT_MS)) {
        c = c.cast(DataTypes.LongType).as(name);
      }
      projected.add(c);
    }
    return raw.select(projected.toArray(Column[]::new));
  }

  private static void check(StructType schema, PartitionSelector.Selection selection) {
    Map<String, StructField> fields = new TreeMap<>();
    for (StructField f : schema.fields()) {
      fields.put(f.name(), f);
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Set<DataType>> e : LogEventColumns.REQUIRED.entrySet()) {
      StructField f = fields.get(e.getKey());
      if (f == null) {
        problems.add("column '" + e.getKey() + "' is missing");
      } else if (!e.getValue().contains(f.dataType())) {
        problems.add(
            "column '"
                + e.getKey()
                + "' is "
                + f.dataType().simpleString()
                + ", expected "
                + e.getValue().stream().map(DataType::simpleString).sorted().toList());
      }
    }
    if (!problems.isEmpty()) {
      throw new AnalyticsException(
          "unexpected schema in the lake between "
              + selection.span()
              + ": "
              + String.join("; ", problems)
              + ". Found: "
              + schema.simpleString()
              + ". The lake must hold LogEvent rows as written by hdfs-sink.");
    }
  }
}
