package io.logpipe.lake;

/**
 * What the analytics job writes under its output, {@code <lake>/analytics} by default:
 *
 * <pre>
 * hourly/dt=…/hour=…/part-….parquet                 the hour's mergeable partial aggregates
 * hourly/dt=…/hour=…/_INPUT                         what they were computed from (written after them)
 * kpi_by_hour/dt=…/hour=…/part-….parquet            one row per hour read
 * top_paths/period=&lt;period&gt;/part-….parquet        the run's period, e.g. 2025-12-24T00_2025-12-24T23
 * kpi_by_host/period=&lt;period&gt;/part-….parquet
 * top_paths_csv/period=&lt;period&gt;/top_paths.csv
 * report.html
 * summary.json                                      written last: its time identifies the run
 * </pre>
 */
public final class AnalyticsNames {

  /**
   * The per-hour partial aggregates every table is merged from, partitioned like the curated table
   * ({@code dt=}/{@code hour=}); each hour is replaced as a whole when it is computed again.
   */
  public static final String HOURLY = "hourly";

  /**
   * Hidden file in an hour of {@link #HOURLY}: the curated files (names, lengths), late traces and
   * rows the hour's partials were computed from. Written after the partials, so an hour without it
   * has no usable partials.
   */
  public static final String HOURLY_INPUT = "_INPUT";

  public static final String KPI_BY_HOUR = "kpi_by_hour";
  public static final String TOP_PATHS = "top_paths";
  public static final String KPI_BY_HOST = "kpi_by_host";
  public static final String TOP_PATHS_CSV = "top_paths_csv";

  /** The one CSV file of {@code top_paths_csv}'s period directory. */
  public static final String TOP_PATHS_CSV_FILE = "top_paths.csv";

  /** Partition column of the tables that hold one result per run period. */
  public static final String PERIOD = "period";

  public static final String REPORT = "report.html";
  public static final String SUMMARY = "summary.json";

  /** Prefix of the data files Spark writes. */
  public static final String PART_PREFIX = "part-";

  private AnalyticsNames() {}

  /**
   * A period table's directory for {@code period}, relative to the output: {@code
   * top_paths/period=<period>}.
   */
  public static String periodDir(String table, String period) {
    return table + "/" + LakeNames.partitionDir(PERIOD, period);
  }

  /** Whether a file name is one of Spark's Parquet part files in a table directory. */
  public static boolean isPartFile(String name) {
    return name.startsWith(PART_PREFIX) && name.endsWith(LakeNames.PARQUET_SUFFIX);
  }
}
