package io.logpipe.analytics.partial;

/**
 * A percentile as the tables define it, {@code percentile_disc} (DuckDB's {@code quantile_disc}):
 * over {@code n} values in ascending order, the value at 1-based rank {@code max(1, ceil(q·n))}.
 * {@code q} is held as whole hundredths so the rank is computed exactly, without floating point.
 *
 * @param percent {@code q·100}, 1 to 100
 */
public record Quantile(int percent) {

  public static final Quantile P50 = new Quantile(50);
  public static final Quantile P95 = new Quantile(95);
  public static final Quantile P99 = new Quantile(99);

  public Quantile {
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException("percent must be 1..100, was " + percent);
    }
  }

  /** The 1-based rank of this quantile among {@code n} values ({@code n ≥ 1}). */
  public long rank(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("no rank among " + n + " values");
    }
    return Math.max(1, Math.floorDiv(Math.multiplyExact(n, (long) percent) + 99, 100));
  }
}
