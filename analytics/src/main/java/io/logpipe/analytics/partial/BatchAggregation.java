package io.logpipe.analytics.partial;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * {@link HourAggregation} over a scan task's columnar batches ({@link ColumnarScan}), with the same
 * result: every row added to its hour's {@link HourPartial}, one partial per hour returned. A batch
 * comes from one file, so its {@code dt}/{@code hour} (partition columns) are read once per batch;
 * hosts and paths resolve to their aggregates once per dictionary id ({@link NamedColumn}), client
 * IPs are parsed once per id ({@link IpColumn}).
 */
final class BatchAggregation
    implements PairFlatMapFunction<Iterator<ColumnarBatch>, String, HourPartial> {

  private static final long serialVersionUID = 1L;

  private final ColumnarScan.Columns c;

  BatchAggregation(ColumnarScan.Columns columns) {
    this.c = columns;
  }

  @Override
  public Iterator<Tuple2<String, HourPartial>> call(Iterator<ColumnarBatch> batches) {
    Map<String, HourPartial> hours = new HashMap<>();
    UTF8String lastDt = null;
    UTF8String lastHour = null;
    NamedColumn hosts = null;
    NamedColumn paths = null;
    IpColumn ips = new IpColumn();
    while (batches.hasNext()) {
      ColumnarBatch batch = batches.next();
      int n = batch.numRows();
      if (n == 0) {
        continue;
      }
      UTF8String dt = batch.column(c.dt()).getUTF8String(0);
      UTF8String hour = batch.column(c.hour()).getUTF8String(0);
      if (hosts == null || !dt.equals(lastDt) || !hour.equals(lastHour)) {
        lastDt = dt.clone();
        lastHour = hour.clone();
        String d = lastDt.toString();
        String h = lastHour.toString();
        HourPartial current = hours.computeIfAbsent(d + "/" + h, k -> new HourPartial(d, h));
        hosts = new NamedColumn(current::host);
        paths = new NamedColumn(current::path);
      }
      hosts.bind(batch.column(c.host()));
      paths.bind(batch.column(c.path()));
      ips.bind(batch.column(c.ip()));
      ColumnVector status = batch.column(c.status());
      ColumnVector bytes = batch.column(c.bytes());
      ColumnVector rt = batch.column(c.rtMs());
      for (int r = 0; r < n; r++) {
        int s = status.isNullAt(r) ? 0 : (int) integral(status, c.statusType(), r);
        long b = bytes.isNullAt(r) ? 0 : integral(bytes, c.bytesType(), r);
        boolean hasRt = !rt.isNullAt(r);
        long rtMs = hasRt ? integral(rt, c.rtMsType(), r) : 0;
        long ipv4 = ips.ipv4(r);
        hosts.at(r).add(s, b, hasRt, rtMs, ipv4, ipv4 < 0 ? ips.other(r) : null);
        paths.at(r).add(s, b, hasRt, rtMs, -1, null);
      }
    }
    List<Tuple2<String, HourPartial>> out = new ArrayList<>(hours.size());
    hours.forEach((k, v) -> out.add(new Tuple2<>(k, v)));
    return out.iterator();
  }

  private static long integral(ColumnVector v, int type, int row) {
    return switch (type) {
      case ColumnarScan.INT -> v.getInt(row);
      case ColumnarScan.LONG -> v.getLong(row);
      default -> v.getShort(row);
    };
  }
}
