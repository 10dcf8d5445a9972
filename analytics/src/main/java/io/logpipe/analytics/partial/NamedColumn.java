package io.logpipe.analytics.partial;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A string column of the current batch (host or path) read as the {@link Traffic} of its value in
 * the current hour: each distinct value is decoded and looked up once per Parquet dictionary (by
 * its id), not once per row. Without a dictionary (a page Parquet wrote plain) values are looked up
 * by their bytes. A null value is the empty string, as in {@link HourAggregation}.
 */
final class NamedColumn {

  private final Function<String, Traffic> resolve;
  private ColumnVector vector;
  private WritableColumnVector ids;
  private org.apache.spark.sql.execution.vectorized.Dictionary dictionary;
  private Object source;
  private Traffic[] byId = new Traffic[64];
  private final Map<UTF8String, Traffic> byValue = new HashMap<>();
  private Traffic ofNull;

  /**
   * @param resolve the aggregate of a value in the hour this column reads for ({@link
   *     HourPartial#host}, {@link HourPartial#path}); one column per hour
   */
  NamedColumn(Function<String, Traffic> resolve) {
    this.resolve = resolve;
  }

  /** Reads {@code v} from now on. */
  void bind(ColumnVector v) {
    vector = v;
    dictionary = v instanceof WritableColumnVector w ? DictionarySource.dictionaryOf(w) : null;
    if (dictionary != null) {
      ids = ((WritableColumnVector) v).getDictionaryIds();
      Object s = DictionarySource.of(dictionary);
      if (s != source) {
        source = s;
        Arrays.fill(byId, null);
      }
    } else {
      ids = null;
    }
  }

  /** The aggregate of row {@code row}'s value. */
  Traffic at(int row) {
    if (vector.isNullAt(row)) {
      if (ofNull == null) {
        ofNull = resolve.apply("");
      }
      return ofNull;
    }
    if (ids != null) {
      int id = ids.getInt(row);
      if (id >= byId.length) {
        byId = Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
      }
      Traffic t = byId[id];
      if (t == null) {
        t = resolve.apply(new String(dictionary.decodeToBinary(id), StandardCharsets.UTF_8));
        byId[id] = t;
      }
      return t;
    }
    UTF8String raw = vector.getUTF8String(row);
    Traffic t = byValue.get(raw);
    if (t == null) {
      t = resolve.apply(raw.toString());
      byValue.put(raw.clone(), t);
    }
    return t;
  }
}
