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

import io.logpipe.analytics.lake.LogEventColumns;
import io.logpipe.analytics.partial.Traffic;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LakeNames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The KPI tables from merged aggregates ({@link Traffic}), with the one definition of every metric:
 * {@code requests} counts rows; {@code status_Nxx} counts statuses in {@code N00..N99}; {@code
 * error_rate = (status_4xx + status_5xx) / requests}; {@code rt_count} counts rows with a response
 * time and {@code rt_p50/p95/p99} are exact percentiles over those only ({@code percentile_disc}:
 * the value at rank {@code max(1, ceil(q·rt_count))}), null when none; {@code unique_ips} is the
 * exact number of distinct {@code ip} strings; {@code bytes_mean = bytes_total / requests}.
 */
public final class KpiTables {

  private static final List<String> METRICS =
      List.of(
          REQUESTS,
          UNIQUE_IPS,
          STATUS_1XX,
          STATUS_2XX,
          STATUS_3XX,
          STATUS_4XX,
          STATUS_5XX,
          ERROR_RATE,
          RT_COUNT,
          RT_P50,
          RT_P95,
          RT_P99,
          BYTES_TOTAL,
          BYTES_MEAN);

  private static final List<String> TOP_PATH_METRICS =
      List.of(
          REQUESTS,
          SHARE,
          STATUS_4XX,
          STATUS_5XX,
          ERROR_RATE,
          RT_COUNT,
          RT_P50,
          RT_P95,
          RT_P99,
          BYTES_MEAN);

  /** {@code kpi_by_hour}'s columns. */
  public static final StructType BY_HOUR = schema(List.of(LakeNames.DT, LakeNames.HOUR), METRICS);

  /** {@code kpi_by_host}'s columns. */
  public static final StructType BY_HOST = schema(List.of(LogEventColumns.HOST), METRICS);

  /** {@code top_paths}' columns. */
  public static final StructType TOP_PATHS =
      schema(List.of(LogEventColumns.PATH), TOP_PATH_METRICS);

  private KpiTables() {}

  /**
   * One hour's row of {@code kpi_by_hour}.
   *
   * @param uniqueIps the hour's distinct client IPs
   */
  public static Row hourRow(String dt, String hour, Traffic t, long uniqueIps) {
    List<Object> v = new ArrayList<>(List.of(dt, hour));
    v.addAll(metrics(t, uniqueIps));
    return new GenericRowWithSchema(v.toArray(), BY_HOUR);
  }

  /** {@code kpi_by_host}: the hosts' merged aggregates (with IPs), busiest first, ties by name. */
  public static Table byHost(Map<String, Traffic> hosts) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Traffic> e : busiestFirst(hosts)) {
      List<Object> v = new ArrayList<>(List.of(e.getKey()));
      v.addAll(metrics(e.getValue(), e.getValue().ips().size()));
      rows.add(new GenericRowWithSchema(v.toArray(), BY_HOST));
    }
    return new Table(KpiColumns.KPI_BY_HOST, BY_HOST, rows);
  }

  /**
   * {@code top_paths}: the {@code top} most requested paths (ties broken by path) with their share
   * of {@code totalRequests}.
   */
  public static Table topPaths(Map<String, Traffic> paths, long totalRequests, int top) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Traffic> e : busiestFirst(paths)) {
      if (rows.size() == top) {
        break;
      }
      Traffic t = e.getValue();
      Long[] p = t.percentiles();
      rows.add(
          new GenericRowWithSchema(
              new Object[] {
                e.getKey(),
                t.requests(),
                t.requests() / (double) Math.max(totalRequests, 1),
                t.statusClass(4),
                t.statusClass(5),
                t.errorRate(),
                t.rtCount(),
                p[0],
                p[1],
                p[2],
                t.bytesMean()
              },
              TOP_PATHS));
    }
    return new Table(KpiColumns.TOP_PATHS, TOP_PATHS, rows);
  }

  /** The rows of a {@code kpi_by_hour} table that belong to {@code hours}. */
  public static Table hoursOf(Table byHour, Set<HourPartition> hours) {
    List<Row> rows = new ArrayList<>();
    for (Row r : byHour.rows()) {
      String dt = r.getAs(LakeNames.DT);
      String hour = r.getAs(LakeNames.HOUR);
      if (hours.contains(new HourPartition(LocalDate.parse(dt), Integer.parseInt(hour)))) {
        rows.add(r);
      }
    }
    return new Table(byHour.name(), byHour.schema(), rows);
  }

  private static List<Map.Entry<String, Traffic>> busiestFirst(Map<String, Traffic> groups) {
    List<Map.Entry<String, Traffic>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(
        Comparator.<Map.Entry<String, Traffic>>comparingLong(e -> -e.getValue().requests())
            .thenComparing(Map.Entry::getKey));
    return sorted;
  }

  private static List<Object> metrics(Traffic t, long uniqueIps) {
    Long[] p = t.percentiles();
    List<Object> v = new ArrayList<>();
    v.add(t.requests());
    v.add(uniqueIps);
    for (int c = 1; c <= 5; c++) {
      v.add(t.statusClass(c));
    }
    v.add(t.errorRate());
    v.add(t.rtCount());
    v.add(p[0]);
    v.add(p[1]);
    v.add(p[2]);
    v.add(t.bytesTotal());
    v.add(t.bytesMean());
    return v;
  }

  private static StructType schema(List<String> keys, List<String> metrics) {
    List<StructField> f = new ArrayList<>();
    for (String k : keys) {
      f.add(DataTypes.createStructField(k, DataTypes.StringType, false));
    }
    for (String m : metrics) {
      f.add(DataTypes.createStructField(m, type(m), isPercentile(m)));
    }
    return new StructType(f.toArray(StructField[]::new));
  }

  private static boolean isPercentile(String column) {
    return column.equals(RT_P50) || column.equals(RT_P95) || column.equals(RT_P99);
  }

  private static DataType type(String column) {
    return switch (column) {
      case ERROR_RATE, BYTES_MEAN, SHARE -> DataTypes.DoubleType;
      default -> DataTypes.LongType;
    };
  }
}
