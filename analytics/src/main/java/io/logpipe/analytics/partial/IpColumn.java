package io.logpipe.analytics.partial;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * The {@code ip} column of the current batch as {@link ClientIps#ipv4} numbers (and the string of
 * any other value): parsed once per Parquet dictionary id when the column has a dictionary, else
 * from each row's bytes without copying them. A null is the empty string, as in {@link
 * HourAggregation}.
 */
final class IpColumn {

  private static final long UNKNOWN = -2;

  private final Utf8Chars chars = new Utf8Chars();
  private ColumnVector vector;
  private WritableColumnVector ids;
  private Dictionary dictionary;
  private Object source;
  private long[] ipv4ById = filled(new long[256]);
  private String[] otherById = new String[256];

  void bind(ColumnVector v) {
    vector = v;
    dictionary = v instanceof WritableColumnVector w ? DictionarySource.dictionaryOf(w) : null;
    if (dictionary != null) {
      ids = ((WritableColumnVector) v).getDictionaryIds();
      Object s = DictionarySource.of(dictionary);
      if (s != source) {
        source = s;
        Arrays.fill(ipv4ById, UNKNOWN);
        Arrays.fill(otherById, null);
      }
    } else {
      ids = null;
    }
  }

  /** Row {@code row}'s address as a number, or -1 when it is no canonical IPv4 address. */
  long ipv4(int row) {
    if (vector.isNullAt(row)) {
      return -1;
    }
    if (ids == null) {
      return ClientIps.ipv4(chars.of(vector.getUTF8String(row)));
    }
    int id = ids.getInt(row);
    if (id >= ipv4ById.length) {
      int n = Math.max(id + 1, ipv4ById.length * 2);
      int old = ipv4ById.length;
      ipv4ById = Arrays.copyOf(ipv4ById, n);
      Arrays.fill(ipv4ById, old, n, UNKNOWN);
      otherById = Arrays.copyOf(otherById, n);
    }
    long v = ipv4ById[id];
    if (v == UNKNOWN) {
      byte[] bytes = dictionary.decodeToBinary(id);
      v = ClientIps.ipv4(chars.of(bytes));
      if (v < 0) {
        otherById[id] = new String(bytes, StandardCharsets.UTF_8);
      }
      ipv4ById[id] = v;
    }
    return v;
  }

  /** Row {@code row}'s string, when {@link #ipv4} said it is no canonical IPv4 address. */
  String other(int row) {
    if (vector.isNullAt(row)) {
      return "";
    }
    return ids == null ? vector.getUTF8String(row).toString() : otherById[ids.getInt(row)];
  }

  private static long[] filled(long[] a) {
    Arrays.fill(a, UNKNOWN);
    return a;
  }
}
