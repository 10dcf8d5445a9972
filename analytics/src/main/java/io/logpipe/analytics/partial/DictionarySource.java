package io.logpipe.analytics.partial;

import java.lang.reflect.Field;
import org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

/**
 * A batch's dictionary, and what it decodes from, so that values decoded for one batch serve the
 * next ones of the same Parquet column chunk. Spark wraps the chunk's one Parquet dictionary in a
 * new {@link ParquetDictionary} for every batch; its private field is read here, once per batch and
 * column. When that field cannot be read (another Spark version), the wrapper itself is the source:
 * values are then decoded once per batch, still correct. Both fields are read by reflection (the
 * classes are on the application's class path, no module is opened).
 */
final class DictionarySource {

  private static final Field PARQUET = field(ParquetDictionary.class, "dictionary");
  private static final Field VECTOR = field(WritableColumnVector.class, "dictionary");

  private DictionarySource() {}

  /** An object that stays the same for as long as the dictionary's ids mean the same values. */
  static Object of(Dictionary dictionary) {
    if (PARQUET != null && dictionary instanceof ParquetDictionary) {
      try {
        Object inner = PARQUET.get(dictionary);
        if (inner != null) {
          return inner;
        }
      } catch (IllegalAccessException e) {
        return dictionary;
      }
    }
    return dictionary;
  }

  /**
   * The dictionary of a vector whose values are dictionary ids ({@link
   * WritableColumnVector#hasDictionary()}), which Spark keeps in a protected field; null when that
   * cannot be read, and then the vector's values are read as values.
   */
  static Dictionary dictionaryOf(WritableColumnVector vector) {
    if (VECTOR == null || !vector.hasDictionary()) {
      return null;
    }
    try {
      return (Dictionary) VECTOR.get(vector);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private static Field field(Class<?> owner, String name) {
    try {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
