package io.logpipe.analytics.kpi;

import io.logpipe.lake.AnalyticsNames;

/** Names of the KPI tables and of their metric columns. */
public final class KpiColumns {

  public static final String TOP_PATHS = AnalyticsNames.TOP_PATHS;
  public static final String KPI_BY_HOUR = AnalyticsNames.KPI_BY_HOUR;
  public static final String KPI_BY_HOST = AnalyticsNames.KPI_BY_HOST;
  public static final String TOP_PATHS_CSV = AnalyticsNames.TOP_PATHS_CSV;

  /**
   * Partition column of top_paths and kpi_by_host: the range a run covered, e.g.
   * 2025-12-24T00_2025-12-24T23.
   */
  public static final String PERIOD = AnalyticsNames.PERIOD;

  public static final String REQUESTS = "requests";
  public static final String SHARE = "share";
  public static final String UNIQUE_IPS = "unique_ips";
  public static final String STATUS_1XX = "status_1xx";
  public static final String STATUS_2XX = "status_2xx";
  public static final String STATUS_3XX = "status_3xx";
  public static final String STATUS_4XX = "status_4xx";
  public static final String STATUS_5XX = "status_5xx";

  /** (4xx + 5xx) / requests. */
  public static final String ERROR_RATE = "error_rate";

  /** Requests that carried a response time; percentiles are over these only. */
  public static final String RT_COUNT = "rt_count";

  public static final String RT_P50 = "rt_p50";
  public static final String RT_P95 = "rt_p95";
  public static final String RT_P99 = "rt_p99";
  public static final String BYTES_TOTAL = "bytes_total";
  public static final String BYTES_MEAN = "bytes_mean";

  private KpiColumns() {}
}
