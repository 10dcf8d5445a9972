package io.logpipe.analytics.partial;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Exact counts of response times per integer millisecond: the mergeable form of a set of {@code
 * rt_ms} values, from which every percentile is exact. Merging adds counts; the size is the number
 * of distinct values, not of rows.
 */
public final class RtHistogram implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long FREE = Long.MIN_VALUE;

  private long[] values;
  private long[] counts;
  private int distinct;
  private long total;

  public RtHistogram() {
    this(16);
  }

  private RtHistogram(int capacity) {
    values = new long[capacity];
    counts = new long[capacity];
    Arrays.fill(values, FREE);
  }

  /**
   * A histogram of {@code counts[i]} values equal to {@code values[i]}.
   *
   * @throws IllegalArgumentException when the arrays differ in length or a count is not positive
   */
  public static RtHistogram of(long[] values, long[] counts) {
    if (values.length != counts.length) {
      throw new IllegalArgumentException(
          values.length + " values but " + counts.length + " counts");
    }
    RtHistogram h = new RtHistogram(Math.max(16, Integer.highestOneBit(values.length * 2) * 2));
    for (int i = 0; i < values.length; i++) {
      h.add(values[i], counts[i]);
    }
    return h;
  }

  /** One more row with response time {@code value}. */
  public void add(long value) {
    add(value, 1);
  }

  /** {@code count} more rows with response time {@code value}. */
  public void add(long value, long count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    if (value == FREE) {
      throw new IllegalArgumentException("response time out of range: " + value);
    }
    int slot = slot(value);
    if (values[slot] == FREE) {
      values[slot] = value;
      distinct++;
    }
    counts[slot] += count;
    total += count;
    if (distinct * 2 > values.length) {
      grow();
    }
  }

  /** Adds every count of {@code other}. */
  public void addAll(RtHistogram other) {
    for (int i = 0; i < other.values.length; i++) {
      if (other.values[i] != FREE) {
        add(other.values[i], other.counts[i]);
      }
    }
  }

  /** Rows counted. */
  public long total() {
    return total;
  }

  /** The distinct values, ascending; {@link #countsOf(long[])} gives their counts. */
  public long[] sortedValues() {
    long[] v = new long[distinct];
    int n = 0;
    for (long x : values) {
      if (x != FREE) {
        v[n++] = x;
      }
    }
    Arrays.sort(v);
    return v;
  }

  /** The count of each of {@code sortedValues} (which must all be in this histogram). */
  public long[] countsOf(long[] sortedValues) {
    long[] c = new long[sortedValues.length];
    for (int i = 0; i < sortedValues.length; i++) {
      c[i] = counts[find(sortedValues[i])];
    }
    return c;
  }

  /**
   * The exact percentiles, one per quantile, in the order given: the value at rank {@link
   * Quantile#rank} of the ascending values; null when the histogram is empty.
   */
  public Long[] percentiles(Quantile... quantiles) {
    Long[] result = new Long[quantiles.length];
    if (total == 0) {
      return result;
    }
    long[] sorted = sortedValues();
    long[] c = countsOf(sorted);
    for (int q = 0; q < quantiles.length; q++) {
      long rank = quantiles[q].rank(total);
      long seen = 0;
      for (int i = 0; i < sorted.length; i++) {
        seen += c[i];
        if (seen >= rank) {
          result[q] = sorted[i];
          break;
        }
      }
    }
    return result;
  }

  private int find(long value) {
    int slot = slot(value);
    if (values[slot] != value) {
      throw new IllegalArgumentException(value + " is not in the histogram");
    }
    return slot;
  }

  private int slot(long value) {
    int mask = values.length - 1;
    int i = mix(value) & mask;
    while (values[i] != FREE && values[i] != value) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldValues = values;
    long[] oldCounts = counts;
    values = new long[oldValues.length * 2];
    counts = new long[oldValues.length * 2];
    Arrays.fill(values, FREE);
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != FREE) {
        int slot = slot(oldValues[i]);
        values[slot] = oldValues[i];
        counts[slot] = oldCounts[i];
      }
    }
  }

  private static int mix(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
