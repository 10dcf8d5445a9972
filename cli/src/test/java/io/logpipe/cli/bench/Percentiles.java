package io.logpipe.cli.bench;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles of a set of durations in nanoseconds. */
record Percentiles(int count, long p50, long p99, long max) {

  static Percentiles of(long[] values, int count) {
    if (count == 0) {
      return new Percentiles(0, -1, -1, -1);
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    return new Percentiles(count, rank(sorted, 0.50), rank(sorted, 0.99), sorted[count - 1]);
  }

  private static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** {@code p50 … ms, p99 … ms, max … ms}. */
  String render() {
    if (count == 0) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT, "p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms", p50 / 1e6, p99 / 1e6, max / 1e6);
  }
}
