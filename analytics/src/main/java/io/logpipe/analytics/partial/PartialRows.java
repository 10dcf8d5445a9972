package io.logpipe.analytics.partial;

import io.logpipe.analytics.kpi.KpiColumns;
import io.logpipe.lake.LakeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The stored form of {@link HourPartial}s, the table {@code <output>/hourly/dt=…/hour=…/}: one row
 * for the hour ({@code kind = hour}, {@code key} empty), one per host ({@code host}) and one per
 * path ({@code path}), each with the counts of {@link Traffic} and its response-time histogram
 * ({@code rt_histogram}, {@link RtHistogram#toBytes()}). Host rows also hold their exact client IP
 * set ({@code ipv4}: a Roaring bitmap of the canonical IPv4 addresses, {@link
 * ClientIps#ipv4Bytes()}; {@code ips}: every other string); the hour row holds its exact {@code
 * unique_ips}.
 */
public final class PartialRows {

  public static final String KIND = "kind";
  public static final String KEY = "key";
  public static final String RT_HISTOGRAM = "rt_histogram";
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
    f.add(DataTypes.createStructField(RT_HISTOGRAM, DataTypes.BinaryType, false));
    f.add(DataTypes.createStructField(KpiColumns.UNIQUE_IPS, DataTypes.LongType, true));
    f.add(DataTypes.createStructField(IPV4, DataTypes.BinaryType, true));
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
    long[] classes = t.statusClasses();
    return new GenericRowWithSchema(
        new Object[] {
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
          t.rt().toBytes(),
          uniqueIps,
          withIps ? t.ips().ipv4Bytes() : null,
          withIps ? t.ips().others() : null,
          p.dt(),
          p.hour()
        },
        SCHEMA);
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
    RtHistogram rt = RtHistogram.fromBytes((byte[]) r.get(r.fieldIndex(RT_HISTOGRAM)));
    ClientIps ips = null;
    if (withIps) {
      Object others = r.get(r.fieldIndex(IPS));
      ips =
          ClientIps.of(
              (byte[]) r.get(r.fieldIndex(IPV4)),
              others instanceof String[] array
                  ? array
                  : PartialRows.<String>list(others).toArray(String[]::new));
    }
    return Traffic.of(
        r.getLong(r.fieldIndex(KpiColumns.REQUESTS)),
        classes,
        r.getLong(r.fieldIndex(KpiColumns.BYTES_TOTAL)),
        rt,
        ips);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object column) {
    return scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<T>) column);
  }
}
