package io.logpipe.analytics.bench.duckdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One KPI table as plain values, keyed by its key columns: integral numbers as {@link Long},
 * floating ones as {@link Double}, text as {@link String}, SQL NULL as {@code null}.
 *
 * @param name the table's name, e.g. {@code kpi_by_hour}
 * @param keyColumns the columns that identify a row, e.g. {@code dt, hour}
 * @param rows key values (in {@code keyColumns} order) to the row's columns, in table order
 */
public record KpiTable(
    String name, List<String> keyColumns, Map<List<Object>, Map<String, Object>> rows) {

  public KpiTable {
    keyColumns = List.copyOf(keyColumns);
    rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
  }

  /** The table of {@code rows} (column name to value), keyed by their {@code keyColumns}. */
  public static KpiTable of(String name, List<String> keyColumns, List<Map<String, Object>> rows) {
    Map<List<Object>, Map<String, Object>> byKey = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      List<Object> key = keyColumns.stream().map(row::get).toList();
      Map<String, Object> values = new LinkedHashMap<>();
      row.forEach((column, v) -> values.put(column, value(v)));
      if (byKey.put(key, Collections.unmodifiableMap(values)) != null) {
        throw new IllegalArgumentException(name + ": two rows with key " + key);
      }
    }
    return new KpiTable(name, keyColumns, byKey);
  }

  /** A JDBC value as one of the types listed above. */
  static Object value(Object jdbc) {
    if (jdbc instanceof Byte || jdbc instanceof Short || jdbc instanceof Integer) {
      return ((Number) jdbc).longValue();
    }
    if (jdbc instanceof Float f) {
      return f.doubleValue();
    }
    if (jdbc instanceof BigInteger b) {
      return b.longValueExact();
    }
    if (jdbc instanceof BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : d.doubleValue();
    }
    return jdbc;
  }
}
