package io.logpipe.sink.iceberg;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg table of curated events: the {@code LogEvent} fields (same names, same order, field
 * ids fixed here so that they never depend on a conversion's numbering), plus {@code dt} and {@code
 * hour}, the event's local date and hour in the sink's zone, which the table is partitioned by
 * (identity). Iceberg's own {@code hours(ts)} transform works in UTC only; derived columns keep the
 * file mode's {@code dt=}/{@code hour=} meaning in any zone, DST included.
 */
public final class LogEventTable {

  private LogEventTable() {}

  public static final String DT = "dt";
  public static final String HOUR = "hour";

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
          Types.NestedField.required(16, DT, Types.DateType.get()),
          Types.NestedField.required(17, HOUR, Types.IntegerType.get()));

  public static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA).identity(DT).identity(HOUR).build();

  /** Metadata files kept besides the current one (Iceberg's default number). */
  static final int METADATA_VERSIONS_KEPT = 100;

  /**
   * Properties of a new table. Snappy as the file mode's default; commit retries stay Iceberg's
   * (each retry is re-checked against the stored offsets, see {@link OffsetGuardedOperations}).
   *
   * @param pruneMetadata whether each commit deletes all but the newest {@value
   *     #METADATA_VERSIONS_KEPT} previous metadata files (one is written per commit, every few
   *     seconds). Only for catalogs that hand out the current file's location (JDBC, REST): a
   *     Hadoop catalog's table handle refreshes from the version it last saw, so a handle that fell
   *     more than that many commits behind (the rewrite thread's, a quiet instance's) could never
   *     refresh again.
   */
  public static Map<String, String> properties(String codec, boolean pruneMetadata) {
    Map<String, String> p = new HashMap<>();
    p.put(TableProperties.FORMAT_VERSION, "2");
    p.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    p.put(TableProperties.PARQUET_COMPRESSION, codec);
    if (pruneMetadata) {
      p.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
      p.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, String.valueOf(METADATA_VERSIONS_KEPT));
    }
    return p;
  }
}
