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

  /**
   * Response times below this, counted row by row, go to a plain array indexed by the value (most
   * are a few hundred milliseconds): no hashing and no probing per row. The array grows with the
   * largest such value seen, so a histogram only ever merged from stored ones has none.
   */
  static final int DENSE_LIMIT = 2048;

  private static final int FIRST_DENSE = 64;
  private static final int FIRST_TABLE = 16;

  /** Counts of the values {@code 0 .. dense.length - 1}; null until one is added row by row. */
  private long[] dense;

  /**
   * Every other value: an open-addressing table ({@link #FREE} marks a free slot); null until the
   * first one.
   */
  private long[] values;

  private long[] counts;
  private int tableSize;
  private int distinct;
  private long total;

  public RtHistogram() {}

  private RtHistogram(int capacity) {
    allocateTable(capacity);
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
    RtHistogram h = new RtHistogram(tableCapacity(values.length));
    for (int i = 0; i < values.length; i++) {
      h.add(values[i], counts[i]);
    }
    return h;
  }

  /** One more row with response time {@code value}. */
  public void add(long value) {
    if (value >= 0 && value < DENSE_LIMIT) {
      if (dense == null || value >= dense.length) {
        growDense((int) value);
      }
      if (dense[(int) value]++ == 0) {
        distinct++;
      }
      total++;
    } else {
      add(value, 1);
    }
  }

  /** {@code count} more rows with response time {@code value}. */
  public void add(long value, long count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    if (value == FREE) {
      throw new IllegalArgumentException("response time out of range: " + value);
    }
    total += count;
    if (inDense(value)) {
      if (dense[(int) value] == 0) {
        distinct++;
      }
      dense[(int) value] += count;
      return;
    }
    if (values == null) {
      allocateTable(FIRST_TABLE);
    }
    int slot = slot(value);
    if (values[slot] == FREE) {
      values[slot] = value;
      tableSize++;
      distinct++;
    }
    counts[slot] += count;
    if (tableSize * 2 > values.length) {
      rehash(values.length * 2);
    }
  }

  /** Adds every count of {@code other}. */
  public void addAll(RtHistogram other) {
    if (other.dense != null) {
      for (int v = 0; v < other.dense.length; v++) {
        if (other.dense[v] != 0) {
          add(v, other.dense[v]);
        }
      }
    }
    if (other.values != null) {
      for (int i = 0; i < other.values.length; i++) {
        if (other.values[i] != FREE) {
          add(other.values[i], other.counts[i]);
        }
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
    RtHistogram h = new RtHistogram(tableCapacity((int) n));
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
    long[] table = new long[tableSize];
    int t = 0;
    if (values != null) {
      for (long x : values) {
        if (x != FREE) {
          table[t++] = x;
        }
      }
    }
    Arrays.sort(table);
    // The array's values are ascending already; the table's lie below it (negative) or above it.
    long[] v = new long[distinct];
    int n = 0;
    int i = 0;
    while (i < table.length && table[i] < 0) {
      v[n++] = table[i++];
    }
    if (dense != null) {
      for (int x = 0; x < dense.length; x++) {
        if (dense[x] != 0) {
          v[n++] = x;
        }
      }
    }
    while (i < table.length) {
      v[n++] = table[i++];
    }
    return v;
  }

  /** The count of each of {@code sortedValues} (which must all be in this histogram). */
  public long[] countsOf(long[] sortedValues) {
    long[] c = new long[sortedValues.length];
    for (int i = 0; i < sortedValues.length; i++) {
      c[i] = count(sortedValues[i]);
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

  private long count(long value) {
    if (inDense(value) && dense[(int) value] != 0) {
      return dense[(int) value];
    }
    int slot = values == null || inDense(value) ? -1 : slot(value);
    if (slot < 0 || values[slot] != value) {
      throw new IllegalArgumentException(value + " is not in the histogram");
    }
    return counts[slot];
  }

  private boolean inDense(long value) {
    return dense != null && value >= 0 && value < dense.length;
  }

  /**
   * Makes the array cover {@code value}, moving the table's values it now covers into it (a value
   * is counted in exactly one of the two).
   */
  private void growDense(int value) {
    int length = Math.max(FIRST_DENSE, Integer.highestOneBit(value) * 2);
    dense = dense == null ? new long[length] : Arrays.copyOf(dense, length);
    if (values != null) {
      rehash(values.length);
    }
  }

  private int slot(long value) {
    int mask = values.length - 1;
    int i = mix(value) & mask;
    while (values[i] != FREE && values[i] != value) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void allocateTable(int capacity) {
    values = new long[capacity];
    counts = new long[capacity];
    Arrays.fill(values, FREE);
    tableSize = 0;
  }

  /** Rebuilds the table with {@code capacity} slots; values the array covers move into it. */
  private void rehash(int capacity) {
    long[] oldValues = values;
    long[] oldCounts = counts;
    allocateTable(capacity);
    for (int i = 0; i < oldValues.length; i++) {
      long v = oldValues[i];
      if (v == FREE) {
        continue;
      }
      if (inDense(v)) {
        dense[(int) v] = oldCounts[i]; // a value never is in both, so the slot was empty
      } else {
        int slot = slot(v);
        values[slot] = v;
        counts[slot] = oldCounts[i];
        tableSize++;
      }
    }
  }

  /** A table holding {@code n} values without growing. */
  private static int tableCapacity(int n) {
    return Math.max(FIRST_TABLE, Integer.highestOneBit(Math.max(1, n) * 2 + 1) * 2);
  }

  private static int mix(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
