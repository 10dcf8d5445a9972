package io.logpipe.analytics.partial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Percentiles from merged histograms equal the nearest-rank element of the sorted raw values. */
class RtHistogramTest {

  @Test
  void nearestRankIsCeilOfQTimesNComputedWithoutFloatingPoint() {
    assertThat(Quantile.P50.rank(1)).isEqualTo(1);
    assertThat(Quantile.P99.rank(1)).isEqualTo(1);
    assertThat(Quantile.P50.rank(2)).isEqualTo(1);
    assertThat(Quantile.P50.rank(3)).isEqualTo(2);
    assertThat(Quantile.P95.rank(20)).isEqualTo(19);
    assertThat(Quantile.P95.rank(21)).isEqualTo(20);
    assertThat(Quantile.P95.rank(100)).isEqualTo(95);
    assertThat(Quantile.P99.rank(100)).isEqualTo(99);
    assertThat(Quantile.P99.rank(101)).isEqualTo(100);
    assertThat(Quantile.P95.rank(12_345)).isEqualTo(11_728);
    assertThat(new Quantile(100).rank(7)).isEqualTo(7);
    assertThatThrownBy(() -> Quantile.P50.rank(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Quantile(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentilesOfHistogramsMergedFromAnySplitAreTheExactNearestRankValues() {
    Random random = new Random(5);
    for (int round = 0; round < 200; round++) {
      int n = 1 + random.nextInt(round < 100 ? 30 : 3_000);
      List<Long> values = new ArrayList<>();
      int parts = 1 + random.nextInt(6);
      List<RtHistogram> hours = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        hours.add(new RtHistogram());
      }
      for (int i = 0; i < n; i++) {
        long v = random.nextInt(10) == 0 ? random.nextInt(100_000) - 50 : random.nextInt(40);
        values.add(v);
        hours.get(random.nextInt(parts)).add(v);
      }
      RtHistogram merged = new RtHistogram();
      hours.forEach(merged::addAll);
      values.sort(null);

      Long[] p = merged.percentiles(Quantile.P50, Quantile.P95, Quantile.P99);
      assertThat(merged.total()).isEqualTo(n);
      int[] percents = {50, 95, 99};
      for (int q = 0; q < 3; q++) {
        int rank = Math.max(1, (int) Math.ceil(percents[q] * n / 100.0 - 1e-9));
        assertThat(p[q]).as("n=%d p%d", n, percents[q]).isEqualTo(values.get(rank - 1));
      }
    }
  }

  @Test
  void storedFormRoundTripsAndEmptyHasNoPercentiles() {
    RtHistogram h = new RtHistogram();
    for (long v : new long[] {7, 3, 7, 1_000_000, 0, 3, 7}) {
      h.add(v);
    }
    long[] values = h.sortedValues();
    assertThat(values).containsExactly(0, 3, 7, 1_000_000);
    assertThat(h.countsOf(values)).containsExactly(1, 2, 3, 1);
    RtHistogram back = RtHistogram.of(values, h.countsOf(values));
    assertThat(back.percentiles(Quantile.P50, Quantile.P99)).containsExactly(7L, 1_000_000L);
    assertThat(back.total()).isEqualTo(7);
    RtHistogram stored = RtHistogram.fromBytes(h.toBytes());
    assertThat(stored.sortedValues()).containsExactly(values);
    assertThat(stored.countsOf(values)).containsExactly(1, 2, 3, 1);
    RtHistogram negative = new RtHistogram();
    negative.add(-5, 2);
    negative.add(Long.MAX_VALUE);
    assertThat(RtHistogram.fromBytes(negative.toBytes()).sortedValues())
        .containsExactly(-5, Long.MAX_VALUE);
    assertThatThrownBy(() -> RtHistogram.fromBytes(new byte[] {2, 1}))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(new RtHistogram().percentiles(Quantile.P50)).containsExactly((Long) null);
    assertThatThrownBy(() -> RtHistogram.of(new long[] {1}, new long[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
