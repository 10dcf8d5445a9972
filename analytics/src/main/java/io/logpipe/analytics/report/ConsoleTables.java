package io.logpipe.analytics.report;

import io.logpipe.analytics.kpi.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Prints the first rows of a table as an aligned text grid, like {@code Dataset.show()} in
 * spark-shell.
 */
public final class ConsoleTables {

  private static final int MAX_CELL = 40;

  private ConsoleTables() {}

  /** Prints {@code table}'s name, row count and its first {@code limit} rows to {@code out}. */
  public static void print(Table table, int limit, PrintStream out) {
    StructField[] fields = table.schema().fields();
    List<String[]> lines = new ArrayList<>();
    String[] header = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      header[i] = fields[i].name();
    }
    lines.add(header);
    for (Row row : table.rows().subList(0, Math.min(limit, table.rows().size()))) {
      String[] cells = new String[fields.length];
      for (int i = 0; i < fields.length; i++) {
        cells[i] = cell(row.get(i));
      }
      lines.add(cells);
    }
    int[] widths = new int[fields.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : widths) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(
        table.name()
            + " ("
            + table.rows().size()
            + " rows"
            + (table.rows().size() > limit ? ", first " + limit + " shown" : "")
            + ")");
    out.println(rule);
    for (int l = 0; l < lines.size(); l++) {
      StringBuilder sb = new StringBuilder("|");
      for (int i = 0; i < widths.length; i++) {
        String c = lines.get(l)[i];
        sb.append(' ').append(" ".repeat(widths[i] - c.length())).append(c).append(" |");
      }
      out.println(sb);
      if (l == 0) {
        out.println(rule);
      }
    }
    out.println(rule);
  }

  static String cell(Object value) {
    String s;
    if (value == null) {
      s = "null";
    } else if (value instanceof Double d) {
      s = String.format(Locale.ROOT, "%.4f", d);
    } else {
      s = value.toString();
    }
    return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 3) + "...";
  }
}
