package io.logpipe.analytics.kpi;

import static io.logpipe.analytics.kpi.KpiColumns.BYTES_MEAN;
import static io.logpipe.analytics.kpi.KpiColumns.BYTES_TOTAL;
import static io.logpipe.analytics.kpi.KpiColumns.ERROR_RATE;
import static io.logpipe.analytics.kpi.KpiColumns.REQUESTS;
import static io.logpipe.analytics.kpi.KpiColumns.RT_COUNT;
import static io.logpipe.analytics.kpi.KpiColumns.RT_P50;
import static io.logpipe.analytics.kpi.KpiColumns.RT_P95;
import static io.logpipe.analytics.kpi.KpiColumns.RT_P99;
import static io.logpipe.analytics.kpi.KpiColumns.SHARE;
import static io.logpipe.analytics.kpi.KpiColumns.STATUS_1XX;
import static io.logpipe.analytics.kpi.KpiColumns.STATUS_2XX;
import static io.logpipe.analytics.kpi.KpiColumns.STATUS_3XX;
import static io.logpipe.analytics.kpi.KpiColumns.STATUS_4XX;
import static io.logpipe.analytics.kpi.KpiColumns.STATUS_5XX;
import static io.logpipe.analytics.kpi.KpiColumns.UNIQUE_IPS;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.logpipe.analytics.AnalyticsConfig;
import io.logpipe.analytics.lake.LogEventColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The KPI computations over the lake's events (columns of {@link LogEventColumns#PROJECTED}).
 *
 * <p>Definitions shared by every table: {@code requests} counts rows; {@code status_Nxx} counts
 * statuses in {@code N00..N99}; {@code error_rate = (status_4xx + status_5xx) / requests}; {@code
 * rt_count} counts rows with a response time and {@code rt_p50/p95/p99} are {@code
 * percentile_approx} over those only (null when none), with rank error at most {@code ceil(rt_count
 * / }{@link AnalyticsConfig#PERCENTILE_ACCURACY}{@code )}; {@code unique_ips} is exact.
 */
public final class KpiCalculator {

  private static final String RT_PERCENTILES = "rt_percentiles";

  /**
   * {@code kpi_by_hour}: one row per {@code (dt, hour)} in time order with requests, unique client
   * IPs, status classes, error rate, response-time percentiles and bytes.
   */
  public Table byHour(Dataset<Row> events) {
    Dataset<Row> agg =
        aggregate(events, LogEventColumns.DT, LogEventColumns.HOUR)
            .orderBy(asc(LogEventColumns.DT), asc(LogEventColumns.HOUR));
    return collect(KpiColumns.KPI_BY_HOUR, agg);
  }

  /**
   * {@code kpi_by_host}: the hourly metrics per virtual host, busiest host first (ties by name).
   */
  public Table byHost(Dataset<Row> events) {
    Dataset<Row> agg =
        aggregate(events, LogEventColumns.HOST).orderBy(desc(REQUESTS), asc(LogEventColumns.HOST));
    return collect(KpiColumns.KPI_BY_HOST, agg);
  }

  /**
   * {@code top_paths}: the {@code top} most requested paths (ties broken by path) with their share
   * of {@code totalRequests}, 4xx, 5xx, error rate, response-time percentiles and mean bytes.
   *
   * <p>Paths are ranked by a cheap count first; the expensive metrics are then computed for those
   * paths only, so the cost does not grow with the number of distinct paths.
   */
  public Table topPaths(Dataset<Row> events, long totalRequests, int top) {
    List<Row> ranked =
        events
            .groupBy(col(LogEventColumns.PATH))
            .agg(count(lit(1)).as(REQUESTS))
            .orderBy(desc(REQUESTS), asc(LogEventColumns.PATH))
            .limit(top)
            .collectAsList();
    List<Object> paths = new ArrayList<>();
    for (Row r : ranked) {
      paths.add(r.getString(0));
    }
    Dataset<Row> agg =
        events
            .filter(col(LogEventColumns.PATH).isin(paths.toArray()))
            .groupBy(col(LogEventColumns.PATH))
            .agg(
                count(lit(1)).as(REQUESTS),
                statusClass(4).as(STATUS_4XX),
                statusClass(5).as(STATUS_5XX),
                count(col(LogEventColumns.RT_MS)).as(RT_COUNT),
                percentiles(),
                avg(col(LogEventColumns.BYTES)).as(BYTES_MEAN))
            .select(
                col(LogEventColumns.PATH),
                col(REQUESTS),
                col(REQUESTS).divide(lit((double) Math.max(totalRequests, 1))).as(SHARE),
                col(STATUS_4XX),
                col(STATUS_5XX),
                errorRate(),
                col(RT_COUNT),
                col(RT_PERCENTILES).getItem(0).as(RT_P50),
                col(RT_PERCENTILES).getItem(1).as(RT_P95),
                col(RT_PERCENTILES).getItem(2).as(RT_P99),
                col(BYTES_MEAN))
            .orderBy(desc(REQUESTS), asc(LogEventColumns.PATH));
    return collect(KpiColumns.TOP_PATHS, agg);
  }

  /**
   * The shared metrics per key. The exact distinct IP count is a separate aggregation joined on the
   * key: inside the same aggregate, Spark's distinct rewrite would group by (key, ip) first and
   * keep one percentile sketch per such group.
   */
  private static Dataset<Row> aggregate(Dataset<Row> events, String... keys) {
    Column[] keyCols = new Column[keys.length];
    for (int i = 0; i < keys.length; i++) {
      keyCols[i] = col(keys[i]);
    }
    Column[] withIp = Arrays.copyOf(keyCols, keys.length + 1);
    withIp[keys.length] = col(LogEventColumns.IP);
    Dataset<Row> uniqueIps =
        events.groupBy(withIp).count().groupBy(keyCols).agg(count(lit(1)).as(UNIQUE_IPS));
    Dataset<Row> metrics = events.groupBy(keyCols).agg(count(lit(1)).as(REQUESTS), metrics());
    return metrics.join(uniqueIps, keys).select(withDerived(keyCols));
  }

  private static Column[] metrics() {
    return new Column[] {
      statusClass(1).as(STATUS_1XX),
      statusClass(2).as(STATUS_2XX),
      statusClass(3).as(STATUS_3XX),
      statusClass(4).as(STATUS_4XX),
      statusClass(5).as(STATUS_5XX),
      count(col(LogEventColumns.RT_MS)).as(RT_COUNT),
      percentiles(),
      sum(col(LogEventColumns.BYTES)).as(BYTES_TOTAL),
      avg(col(LogEventColumns.BYTES)).as(BYTES_MEAN)
    };
  }

  private static Column[] withDerived(Column... keys) {
    List<Column> cols = new ArrayList<>(List.of(keys));
    cols.addAll(
        List.of(
            col(REQUESTS),
            col(UNIQUE_IPS),
            col(STATUS_1XX),
            col(STATUS_2XX),
            col(STATUS_3XX),
            col(STATUS_4XX),
            col(STATUS_5XX),
            errorRate(),
            col(RT_COUNT),
            col(RT_PERCENTILES).getItem(0).as(RT_P50),
            col(RT_PERCENTILES).getItem(1).as(RT_P95),
            col(RT_PERCENTILES).getItem(2).as(RT_P99),
            col(BYTES_TOTAL),
            col(BYTES_MEAN)));
    return cols.toArray(Column[]::new);
  }

  /** Rows whose status is in {@code hundreds*100 .. hundreds*100+99}, as a bigint count. */
  private static Column statusClass(int hundreds) {
    Column status = col(LogEventColumns.STATUS);
    return count(when(status.geq(hundreds * 100).and(status.lt((hundreds + 1) * 100)), lit(true)));
  }

  private static Column errorRate() {
    return col(STATUS_4XX)
        .plus(col(STATUS_5XX))
        .cast("double")
        .divide(col(REQUESTS))
        .as(ERROR_RATE);
  }

  /** p50, p95, p99 of rt_ms; percentile_approx skips nulls. */
  private static Column percentiles() {
    return percentile_approx(
            col(LogEventColumns.RT_MS),
            array(lit(0.5), lit(0.95), lit(0.99)),
            lit(AnalyticsConfig.PERCENTILE_ACCURACY))
        .as(RT_PERCENTILES);
  }

  private static Table collect(String name, Dataset<Row> result) {
    return new Table(name, result.schema(), result.collectAsList());
  }
}
