package io.logpipe.analytics.partial;

import io.logpipe.analytics.lake.LogEventColumns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The one pass over a task's raw rows (columns of {@link LogEventColumns#PROJECTED}, as Spark's
 * internal rows): every row is added to its hour's {@link HourPartial}, and the task returns one
 * partial per hour it saw, keyed {@code dt/hour}. Internal rows spare the per-row conversion into
 * Java strings of the hour, host, path and client IP, which would dominate the cost: hosts and
 * paths become one string per distinct value, IPv4 addresses are parsed from the row's bytes.
 */
public final class HourAggregation
    implements PairFlatMapFunction<Iterator<InternalRow>, String, HourPartial> {

  private static final long serialVersionUID = 1L;

  private static final int DT = LogEventColumns.PROJECTED.indexOf(LogEventColumns.DT);
  private static final int HOUR = LogEventColumns.PROJECTED.indexOf(LogEventColumns.HOUR);
  private static final int HOST = LogEventColumns.PROJECTED.indexOf(LogEventColumns.HOST);
  private static final int PATH = LogEventColumns.PROJECTED.indexOf(LogEventColumns.PATH);
  private static final int STATUS = LogEventColumns.PROJECTED.indexOf(LogEventColumns.STATUS);
  private static final int BYTES = LogEventColumns.PROJECTED.indexOf(LogEventColumns.BYTES);
  private static final int IP = LogEventColumns.PROJECTED.indexOf(LogEventColumns.IP);
  private static final int RT_MS = LogEventColumns.PROJECTED.indexOf(LogEventColumns.RT_MS);

  @Override
  public Iterator<Tuple2<String, HourPartial>> call(Iterator<InternalRow> rows) {
    Map<String, HourPartial> hours = new HashMap<>();
    UTF8String lastDt = null;
    UTF8String lastHour = null;
    HourPartial current = null;
    Map<UTF8String, String> names = new HashMap<>();
    Utf8Chars ipChars = new Utf8Chars();
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      UTF8String dt = r.getUTF8String(DT);
      UTF8String hour = r.getUTF8String(HOUR);
      if (current == null || !dt.equals(lastDt) || !hour.equals(lastHour)) {
        lastDt = dt.clone();
        lastHour = hour.clone();
        String d = lastDt.toString();
        String h = lastHour.toString();
        current = hours.computeIfAbsent(d + "/" + h, k -> new HourPartial(d, h));
      }
      boolean hasRt = !r.isNullAt(RT_MS);
      UTF8String ip = r.isNullAt(IP) ? UTF8String.EMPTY_UTF8 : r.getUTF8String(IP);
      long ipv4 = ClientIps.ipv4(ipChars.of(ip));
      current.add(
          name(names, r, HOST),
          name(names, r, PATH),
          r.isNullAt(STATUS) ? 0 : r.getInt(STATUS),
          r.isNullAt(BYTES) ? 0 : r.getLong(BYTES),
          hasRt,
          hasRt ? r.getLong(RT_MS) : 0,
          ipv4,
          ipv4 < 0 ? ip.toString() : null);
    }
    List<Tuple2<String, HourPartial>> out = new ArrayList<>(hours.size());
    hours.forEach((k, v) -> out.add(new Tuple2<>(k, v)));
    return out.iterator();
  }

  /** Hosts and paths repeat: one Java string per distinct value, looked up by its bytes. */
  private static String name(Map<UTF8String, String> names, InternalRow r, int field) {
    if (r.isNullAt(field)) {
      return "";
    }
    UTF8String raw = r.getUTF8String(field);
    String s = names.get(raw);
    if (s == null) {
      s = raw.toString();
      names.put(raw.clone(), s);
    }
    return s;
  }
}
