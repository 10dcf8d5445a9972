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

  /**
   * The stored form: the number of distinct values, then for each value in ascending order its
   * difference from the previous one (the first: from 0) as a zigzag varint and its count as a
   * varint (the encodings of Protocol Buffers).
   */
  public byte[] toBytes() {
    long[] sorted = sortedValues();
    long[] c = countsOf(sorted);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4 + sorted.length * 3);
    varint(out, sorted.length);
    long previous = 0;
    for (int i = 0; i < sorted.length; i++) {
      long delta = sorted[i] - previous;
      varint(out, (delta << 1) ^ (delta >> 63));
      varint(out, c[i]);
      previous = sorted[i];
    }
    return out.toByteArray();
  }

  /**
   * Parses {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a histogram
   */
  public static RtHistogram fromBytes(byte[] bytes) {
    int[] pos = {0};
    long n = readVarint(bytes, pos);
    if (n < 0 || n > bytes.length) {
      throw new IllegalArgumentException("not a response-time histogram");
    }
    RtHistogram h = new RtHistogram(Math.max(16, Integer.highestOneBit((int) n * 2 + 1) * 2));
    long value = 0;
    for (long i = 0; i < n; i++) {
      long zigzag = readVarint(bytes, pos);
      value += (zigzag >>> 1) ^ -(zigzag & 1);
      h.add(value, readVarint(bytes, pos));
    }
    if (pos[0] != bytes.length) {
      throw new IllegalArgumentException("not a response-time histogram: trailing bytes");
    }
    return h;
  }

  private static void varint(java.io.ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException("not a response-time histogram: truncated");
      }
      byte x = b[pos[0]++];
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("not a response-time histogram: varint too long");
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
