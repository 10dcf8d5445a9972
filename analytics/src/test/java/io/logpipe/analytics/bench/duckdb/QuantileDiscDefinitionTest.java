package io.logpipe.analytics.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DuckDB's {@code quantile_disc} is the percentile definition the job and the baseline share: over
 * n non-null values, the element at 1-based rank {@code max(1, ceil(q * n))} of the ascending
 * values, null when n = 0. Checked against that definition computed here, in Java.
 */
class QuantileDiscDefinitionTest {

  private static final double[] Q = {0.50, 0.95, 0.99};

  @Test
  void quantileDiscIsTheElementAtRankCeilQTimesN() throws Exception {
    int checked = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      // Every group size 1..1500, values with duplicates, in an order unrelated to their value.
      s.execute(
          "CREATE TABLE t AS SELECT n, CASE WHEN k % 7 = 3 THEN NULL ELSE hash(n, k) % 500 END AS v"
              + " FROM range(1, 1501) a(n), range(0, 1500) b(k) WHERE k < n ORDER BY hash(k, n)");
      try (ResultSet r =
          s.executeQuery(
              "SELECT n, quantile_disc(v, [0.50, 0.95, 0.99]), list(v) FILTER (WHERE v IS NOT NULL)"
                  + " FROM t GROUP BY n ORDER BY n")) {
        while (r.next()) {
          long[] values = longs(r.getArray(3));
          Object[] disc = (Object[]) r.getArray(2).getArray();
          Arrays.sort(values);
          for (int i = 0; i < Q.length; i++) {
            Object expected =
                values.length == 0
                    ? null
                    : values[Math.max(1, (int) Math.ceil(Q[i] * values.length)) - 1];
            assertThat(disc == null ? null : KpiTable.value(disc[i]))
                .as("q=%s n=%d (group %d)", Q[i], values.length, r.getLong(1))
                .isEqualTo(expected);
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(1500 * Q.length);
  }

  @Test
  void noValueGivesNull() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT quantile_disc(v, [0.50, 0.95, 0.99])[1], quantile_disc(v, 0.5)"
                    + " FROM (VALUES (NULL::BIGINT), (NULL::BIGINT)) t(v)")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getObject(1)).isNull();
      assertThat(r.getObject(2)).isNull();
    }
  }

  private static long[] longs(Array array) throws Exception {
    if (array == null) {
      return new long[0];
    }
    List<Long> values = new ArrayList<>();
    for (Object o : (Object[]) array.getArray()) {
      values.add(((Number) o).longValue());
    }
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
