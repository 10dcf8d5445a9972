package io.logpipe.analytics.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * KPI values computed in plain Java from fixture events: the independent side of every KPI
 * assertion.
 */
public record Expected(
    long requests,
    long uniqueIps,
    long s1xx,
    long s2xx,
    long s3xx,
    long s4xx,
    long s5xx,
    double errorRate,
    long rtCount,
    List<Long> sortedRt,
    long bytesTotal,
    double bytesMean) {

  public static Expected of(Collection<LogEventRow> events) {
    long n = events.size();
    long[] classes = new long[6];
    long bytes = 0;
    List<Long> rts = new ArrayList<>();
    HashSet<String> ips = new HashSet<>();
    for (LogEventRow e : events) {
      classes[e.status() / 100]++;
      bytes += e.bytes();
      ips.add(e.ip());
      if (e.rtMs() != null) {
        rts.add(e.rtMs());
      }
    }
    rts.sort(null);
    return new Expected(
        n,
        ips.size(),
        classes[1],
        classes[2],
        classes[3],
        classes[4],
        classes[5],
        (classes[4] + classes[5]) / (double) n,
        rts.size(),
        List.copyOf(rts),
        bytes,
        bytes / (double) n);
  }

  /**
   * Lowest and highest values a percentile may take: the exact nearest-rank value's rank plus or
   * minus {@code ceil(n / accuracy)}, the documented error of percentile_approx. Null when no
   * value.
   */
  public long[] percentileBounds(double p, int accuracy) {
    int n = sortedRt.size();
    if (n == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p * n); // 1-based nearest rank
    int err = (int) Math.ceil(n / (double) accuracy);
    int lo = Math.max(1, rank - err);
    int hi = Math.min(n, rank + err);
    return new long[] {sortedRt.get(lo - 1), sortedRt.get(hi - 1)};
  }

  public static boolean sameDouble(double a, double b) {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) || Objects.equals(a, b);
  }
}
