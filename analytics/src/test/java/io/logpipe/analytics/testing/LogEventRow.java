package io.logpipe.analytics.testing;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One test event with every LogEvent column, as the sink writes it to the lake. Expected KPI values
 * are computed from these records in plain Java, independently of Spark.
 */
public record LogEventRow(
    LocalDateTime ts,
    String host,
    String method,
    String path,
    String query,
    int status,
    long bytes,
    String ip,
    String ua,
    String referrer,
    Long rtMs,
    String format,
    int rawPartition,
    long rawOffset) {

  /**
   * The Parquet columns of the sink (parquet-avro rendering of LogEvent), plus the partition
   * columns.
   */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("ts", DataTypes.TimestampType, false),
            DataTypes.createStructField("host", DataTypes.StringType, false),
            DataTypes.createStructField("method", DataTypes.StringType, false),
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("query", DataTypes.StringType, true),
            DataTypes.createStructField("status", DataTypes.IntegerType, false),
            DataTypes.createStructField("bytes", DataTypes.LongType, false),
            DataTypes.createStructField("ip", DataTypes.StringType, false),
            DataTypes.createStructField("ua", DataTypes.StringType, true),
            DataTypes.createStructField("referrer", DataTypes.StringType, true),
            DataTypes.createStructField("rt_ms", DataTypes.LongType, true),
            DataTypes.createStructField("format", DataTypes.StringType, false),
            DataTypes.createStructField("raw_topic", DataTypes.StringType, false),
            DataTypes.createStructField("raw_partition", DataTypes.IntegerType, false),
            DataTypes.createStructField("raw_offset", DataTypes.LongType, false),
            DataTypes.createStructField("dt", DataTypes.StringType, false),
            DataTypes.createStructField("hour", DataTypes.StringType, false),
          });

  /** Event-time day partition, UTC. */
  public String dt() {
    return ts.toLocalDate().toString();
  }

  /** Event-time hour partition, two digits, UTC. */
  public String hour() {
    return String.format("%02d", ts.getHour());
  }

  public Row toRow() {
    return RowFactory.create(
        Timestamp.from(ts.toInstant(ZoneOffset.UTC)),
        host,
        method,
        path,
        query,
        status,
        bytes,
        ip,
        ua,
        referrer,
        rtMs,
        format,
        "logs_raw",
        rawPartition,
        rawOffset,
        dt(),
        hour());
  }
}
