package io.logpipe.analytics.lake;

import io.logpipe.lake.LakeNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The columns of the curated lake that the KPIs read: the sink's Parquet rendering of the Avro
 * {@code LogEvent} (see {@code schemas/src/main/avro/LogEvent.avsc}), plus the {@code dt}/{@code
 * hour} partition columns taken from directory names. Only these are checked; extra columns
 * (method, query, ua, lineage...) are allowed.
 */
public final class LogEventColumns {

  public static final String DT = LakeNames.DT;
  public static final String HOUR = LakeNames.HOUR;
  public static final String TS = "ts";
  public static final String HOST = "host";
  public static final String PATH = "path";
  public static final String STATUS = "status";
  public static final String BYTES = "bytes";
  public static final String IP = "ip";
  public static final String RT_MS = "rt_ms";

  private static final Set<DataType> INTEGRAL =
      Set.of(DataTypes.IntegerType, DataTypes.LongType, DataTypes.ShortType);
  private static final Set<DataType> STRING = Set.of(DataTypes.StringType);

  /** Required column name to the Spark types accepted for it. */
  static final Map<String, Set<DataType>> REQUIRED = required();

  /**
   * The columns the KPI computations see, in this order, with canonical types (status int,
   * bytes/rt_ms long).
   */
  public static final List<String> PROJECTED =
      List.of(DT, HOUR, HOST, PATH, STATUS, BYTES, IP, RT_MS);

  private static Map<String, Set<DataType>> required() {
    Map<String, Set<DataType>> m = new LinkedHashMap<>();
    // parquet-avro writes timestamp-micros as INT64 TIMESTAMP(MICROS, UTC): Spark's TimestampType.
    m.put(TS, Set.of(DataTypes.TimestampType, DataTypes.TimestampNTZType));
    m.put(HOST, STRING);
    m.put(PATH, STRING);
    m.put(STATUS, INTEGRAL);
    m.put(BYTES, INTEGRAL);
    m.put(IP, STRING);
    m.put(RT_MS, INTEGRAL);
    return Map.copyOf(m);
  }

  private LogEventColumns() {}
}
