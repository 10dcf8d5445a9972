package io.logpipe.analytics.partial;

import io.logpipe.analytics.kpi.KpiColumns;
import io.logpipe.analytics.kpi.KpiTables;
import io.logpipe.analytics.kpi.Table;
import io.logpipe.lake.LakeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Merges the stored partials of a period's hours ({@link PartialRows}) into the period's tables:
 * {@code kpi_by_hour} from the hour rows, {@code kpi_by_host} from the host rows (client IP sets
 * united across hours), {@code top_paths} from the path rows. No raw row is read.
 */
public final class PeriodKpis {

  private final TreeMap<String, Row> hours = new TreeMap<>();
  private final Map<String, Traffic> hosts = new HashMap<>();
  private final Map<String, Traffic> paths = new HashMap<>();
  private long requests;
  private long withRt;

  /** Adds one stored partial row. */
  public void add(Row partial) {
    String kind = partial.getString(partial.fieldIndex(PartialRows.KIND));
    String key = partial.getString(partial.fieldIndex(PartialRows.KEY));
    String dt = partial.getString(partial.fieldIndex(LakeNames.DT));
    String hour = partial.getString(partial.fieldIndex(LakeNames.HOUR));
    switch (kind) {
      case PartialRows.HOUR -> {
        Traffic t = PartialRows.traffic(partial, false);
        long ips = partial.getLong(partial.fieldIndex(KpiColumns.UNIQUE_IPS));
        if (hours.put(dt + "/" + hour, KpiTables.hourRow(dt, hour, t, ips)) != null) {
          throw new IllegalArgumentException("hour " + dt + "T" + hour + " read twice");
        }
        requests += t.requests();
        withRt += t.rtCount();
      }
      case PartialRows.HOST ->
          hosts
              .computeIfAbsent(key, k -> Traffic.withIps())
              .addAll(PartialRows.traffic(partial, true));
      case PartialRows.PATH ->
          paths
              .computeIfAbsent(key, k -> Traffic.withoutIps())
              .addAll(PartialRows.traffic(partial, false));
      default -> throw new IllegalArgumentException("unknown partial kind '" + kind + "'");
    }
  }

  /** Rows of the period. */
  public long requests() {
    return requests;
  }

  /** Rows of the period with a response time. */
  public long requestsWithResponseTime() {
    return withRt;
  }

  /** {@code kpi_by_hour}: one row per hour, in time order. */
  public Table byHour() {
    return new Table(KpiColumns.KPI_BY_HOUR, KpiTables.BY_HOUR, new ArrayList<>(hours.values()));
  }

  /** {@code kpi_by_host}. */
  public Table byHost() {
    return KpiTables.byHost(hosts);
  }

  /** {@code top_paths}, the {@code top} most requested. */
  public Table topPaths(int top) {
    return KpiTables.topPaths(paths, requests, top);
  }
}
