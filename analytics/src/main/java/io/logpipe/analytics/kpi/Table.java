package io.logpipe.analytics.kpi;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A computed KPI table, small enough to live on the driver: it is written, printed, charted and
 * summarised from these very rows, so that every output of one run agrees.
 *
 * @param name table name, also its directory under the output
 * @param schema column names and types
 * @param rows rows in the table's documented order
 */
public record Table(String name, StructType schema, List<Row> rows) {

  public Table {
    rows = List.copyOf(rows);
  }
}
