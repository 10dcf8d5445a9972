package io.logpipe.analytics.partial;

import io.logpipe.analytics.kpi.KpiColumns;
import io.logpipe.lake.LakeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The stored form of {@link HourPartial}s, the table {@code <output>/hourly/dt=…/hour=…/}: one row
 * for the hour ({@code kind = hour}), one per host ({@code host}) and one per path ({@code path}),
 * each with the counts of {@link Traffic} and its response-time histogram as two parallel arrays
 * ({@code rt_values} ascending, {@code rt_counts}). Host rows also hold their exact client IP set
 * ({@code ipv4}: canonical IPv4 addresses as signed 32-bit numbers, ascending; {@code ips}: every
 * other string, ascending); the hour row holds its exact {@code unique_ips}.
 */
public final class PartialRows {

  public static final String KIND = "kind";
  public static final String KEY = "key";
  public static final String RT_VALUES = "rt_values";
  public static final String RT_COUNTS = "rt_counts";
  public static final String IPV4 = "ipv4";
  public static final String IPS = "ips";

  public static final String HOUR = "hour";
  public static final String HOST = "host";
  public static final String PATH = "path";

  private static final String[] STATUS = {
    KpiColumns.STATUS_1XX,
    KpiColumns.STATUS_2XX,
    KpiColumns.STATUS_3XX,
    KpiColumns.STATUS_4XX,
    KpiColumns.STATUS_5XX
  };

  /** Columns of the stored partials, {@code dt} and {@code hour} (the partition columns) last. */
  public static final StructType SCHEMA = schema();

  private PartialRows() {}

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField(KIND, DataTypes.StringType, false));
    f.add(DataTypes.createStructField(KEY, DataTypes.StringType, false));
    f.add(DataTypes.createStructField(KpiColumns.REQUESTS, DataTypes.LongType, false));
    for (String s : STATUS) {
      f.add(DataTypes.createStructField(s, DataTypes.LongType, false));
    }
    f.add(DataTypes.createStructField(KpiColumns.BYTES_TOTAL, DataTypes.LongType, false));
    f.add(DataTypes.createStructField(KpiColumns.RT_COUNT, DataTypes.LongType, false));
    f.add(
        DataTypes.createStructField(
            RT_VALUES, DataTypes.createArrayType(DataTypes.LongType, false), false));
    f.add(
        DataTypes.createStructField(
            RT_COUNTS, DataTypes.createArrayType(DataTypes.LongType, false), false));
    f.add(DataTypes.createStructField(KpiColumns.UNIQUE_IPS, DataTypes.LongType, true));
    f.add(
        DataTypes.createStructField(
            IPV4, DataTypes.createArrayType(DataTypes.IntegerType, false), true));
    f.add(
        DataTypes.createStructField(
            IPS, DataTypes.createArrayType(DataTypes.StringType, false), true));
    f.add(DataTypes.createStructField(LakeNames.DT, DataTypes.StringType, false));
    f.add(DataTypes.createStructField(LakeNames.HOUR, DataTypes.StringType, false));
    return new StructType(f.toArray(StructField[]::new));
  }

  /** The rows of one hour's partial: the hour, then its hosts, then its paths. */
  public static List<Row> of(HourPartial p) {
    List<Row> rows = new ArrayList<>(1 + p.hosts().size() + p.paths().size());
    Traffic total = p.total();
    rows.add(row(p, HOUR, "", total, total.ips().size(), false));
    for (Map.Entry<String, Traffic> e : p.hosts().entrySet()) {
      rows.add(row(p, HOST, e.getKey(), e.getValue(), e.getValue().ips().size(), true));
    }
    for (Map.Entry<String, Traffic> e : p.paths().entrySet()) {
      rows.add(row(p, PATH, e.getKey(), e.getValue(), null, false));
    }
    return rows;
  }

  private static Row row(
      HourPartial p, String kind, String key, Traffic t, Long uniqueIps, boolean withIps) {
    long[] values = t.rt().sortedValues();
    long[] counts = t.rt().countsOf(values);
    long[] classes = t.statusClasses();
    return RowFactory.create(
        kind,
        key,
        t.requests(),
        classes[0],
        classes[1],
        classes[2],
        classes[3],
        classes[4],
        t.bytesTotal(),
        t.rtCount(),
        values,
        counts,
        uniqueIps,
        withIps ? t.ips().ipv4() : null,
        withIps ? t.ips().others() : null,
        p.dt(),
        p.hour());
  }

  /**
   * The aggregate a stored row holds (read with {@link #SCHEMA}'s column names); with {@code
   * withIps} its client IPs too, which only host rows have.
   */
  public static Traffic traffic(Row r, boolean withIps) {
    long[] classes = new long[5];
    for (int i = 0; i < 5; i++) {
      classes[i] = r.getLong(r.fieldIndex(STATUS[i]));
    }
    RtHistogram rt =
        RtHistogram.of(
            longs(r.getList(r.fieldIndex(RT_VALUES))), longs(r.getList(r.fieldIndex(RT_COUNTS))));
    ClientIps ips = null;
    if (withIps) {
      List<Integer> v4 = r.getList(r.fieldIndex(IPV4));
      int[] a = new int[v4.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = v4.get(i);
      }
      List<String> others = r.getList(r.fieldIndex(IPS));
      ips = ClientIps.of(a, others.toArray(String[]::new));
    }
    return Traffic.of(
        r.getLong(r.fieldIndex(KpiColumns.REQUESTS)),
        classes,
        r.getLong(r.fieldIndex(KpiColumns.BYTES_TOTAL)),
        rt,
        ips);
  }

  private static long[] longs(List<Long> list) {
    long[] a = new long[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }
}
