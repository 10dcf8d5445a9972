package io.logpipe.analytics.bench.duckdb;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of comparing tables: how many values were compared and every mismatch.
 *
 * @param tables the compared tables' names
 * @param values cells compared (rows present on both sides times their non-key columns)
 * @param mismatches every difference found, in table order
 */
public record ComparisonReport(List<String> tables, long values, List<Mismatch> mismatches) {

  public ComparisonReport {
    tables = List.copyOf(tables);
    mismatches = List.copyOf(mismatches);
  }

  /** Both reports together, e.g. over all tables of a run. */
  public ComparisonReport and(ComparisonReport other) {
    List<String> names = new ArrayList<>(tables);
    names.addAll(other.tables);
    List<Mismatch> all = new ArrayList<>(mismatches);
    all.addAll(other.mismatches);
    return new ComparisonReport(names, values + other.values, all);
  }

  public boolean matches() {
    return mismatches.isEmpty();
  }

  public long percentileMismatches() {
    return mismatches.stream().filter(Mismatch::isPercentile).count();
  }

  /** Rows on one side only and every non-percentile value: counts, sums, doubles, keys. */
  public long otherMismatches() {
    return mismatches.size() - percentileMismatches();
  }

  /** Every mismatch, one a line, then the verdict line. */
  public void print(PrintStream out) {
    mismatches.forEach(m -> out.println("  mismatch: " + m));
    out.println(verdict());
  }

  /** One line: MATCH, or MISMATCH with the numbers of percentiles and other values that differ. */
  public String verdict() {
    String scope =
        String.format(
            Locale.ROOT,
            "%,d values in %s (counts, sums and percentiles exact; %s within 1e%d relative)",
            values,
            String.join(", ", tables),
            String.join(", ", KpiComparison.APPROXIMATE.stream().sorted().toList()),
            Math.round(Math.log10(KpiComparison.TOLERANCE)));
    if (matches()) {
      return "comparison: MATCH, " + scope;
    }
    return String.format(
        Locale.ROOT,
        "comparison: MISMATCH, %,d percentiles and %,d other values or rows differ; %s",
        percentileMismatches(),
        otherMismatches(),
        scope);
  }
}
