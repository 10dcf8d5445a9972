package io.logpipe.lake;

/**
 * The names of a lake and the rules that read them:
 *
 * <pre>
 * &lt;lake&gt;/curated/dt=YYYY-MM-DD/hour=HH/part-….parquet   the curated table (see {@link PartFileName})
 * &lt;lake&gt;/curated/dt=YYYY-MM-DD/hour=HH/_SUCCESS         the hour is complete
 * &lt;lake&gt;/curated/dt=YYYY-MM-DD/hour=HH/_LATE+…          a file published after it (see {@link LateTrace})
 * &lt;lake&gt;/curated/_logpipe_sink/…                       the sink's own area (see {@link SinkArea})
 * &lt;lake&gt;/analytics/…                                   the analytics outputs (see {@link AnalyticsNames})
 * </pre>
 *
 * {@code <lake>} is any file system URI or path; these are the names below it, joined with {@code
 * /}.
 */
public final class LakeNames {

  /** The curated table, under the lake root. */
  public static final String CURATED = "curated";

  /** The analytics outputs, under the lake root. */
  public static final String ANALYTICS = "analytics";

  /** Marker of a complete hour, in its hour directory (Hadoop's name for a finished output). */
  public static final String SUCCESS = "_SUCCESS";

  /**
   * Prefix of the Iceberg table properties that mark complete hours ({@code
   * logpipe.hour-complete.2026-11-23T10}): the table mode's counterpart of {@link #SUCCESS}.
   */
  public static final String HOUR_COMPLETE_PROPERTY_PREFIX = "logpipe.hour-complete.";

  /** Partition columns of the curated table and of {@code kpi_by_hour}. */
  public static final String DT = "dt";

  public static final String HOUR = "hour";

  /** Ending of every Parquet data file. */
  public static final String PARQUET_SUFFIX = ".parquet";

  private LakeNames() {}

  /**
   * Whether readers skip an entry: names starting with {@code _} or {@code .} are temporary files,
   * markers, checksums and the sink's area, never data (the rule of Spark, Hive and DuckDB).
   */
  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * Whether a file name is one of a table's Parquet data files: visible and ending in {@code
   * .parquet}.
   */
  public static boolean isParquetData(String name) {
    return !isHidden(name) && name.endsWith(PARQUET_SUFFIX);
  }

  /** A Hive-style partition directory name, {@code column=value}. */
  public static String partitionDir(String column, String value) {
    return column + "=" + value;
  }

  /** An offset as lake names write it: 20 digits, zero-padded, so that names sort by offset. */
  public static String offset(long offset) {
    return String.format("%020d", offset);
  }

  /** Whether {@code text} is an offset as {@link #offset(long)} writes it. */
  public static boolean isOffset(String text) {
    return text.length() == 20 && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * {@code relative} under {@code root} (a URI or path, trailing slashes ignored): {@code
   * <root>/<relative>}.
   */
  public static String under(String root, String relative) {
    String r = root;
    while (r.length() > 1 && r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return r + "/" + relative;
  }
}
