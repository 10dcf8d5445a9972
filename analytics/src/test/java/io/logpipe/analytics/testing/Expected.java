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
   * The exact nearest-rank percentile of the response times: the value at 1-based rank {@code
   * max(1, ceil(percent/100 · n))} of the sorted values, computed here with integer arithmetic and
   * a plain sort; null when there is no value.
   */
  public Long percentile(int percent) {
    int n = sortedRt.size();
    if (n == 0) {
      return null;
    }
    long rank = Math.max(1, (n * (long) percent + 99) / 100);
    return sortedRt.get((int) rank - 1);
  }

  public static boolean sameDouble(double a, double b) {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) || Objects.equals(a, b);
  }
}
