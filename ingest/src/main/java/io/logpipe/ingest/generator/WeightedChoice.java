package io.logpipe.ingest.generator;

import java.util.List;
import java.util.SplittableRandom;

/** Draws one of a fixed list of items with fixed relative weights, in O(log n) per draw. */
final class WeightedChoice<T> {

  private final List<T> items;
  private final double[] cumulative;

  WeightedChoice(List<T> items, double[] weights) {
    if (items.isEmpty() || items.size() != weights.length) {
      throw new IllegalArgumentException("need one weight per item and at least one item");
    }
    this.items = List.copyOf(items);
    this.cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0)) {
        throw new IllegalArgumentException("weights must be >= 0");
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  /** Zipf-like popularity: the item of rank k (from 1) has weight 1 / k^exponent. */
  static <T> WeightedChoice<T> zipf(List<T> itemsByRank, double exponent) {
    double[] w = new double[itemsByRank.size()];
    for (int k = 0; k < w.length; k++) {
      w[k] = 1.0 / Math.pow(k + 1, exponent);
    }
    return new WeightedChoice<>(itemsByRank, w);
  }

  T pick(SplittableRandom random) {
    return items.get(index(random.nextDouble()));
  }

  private int index(double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (u < cumulative[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  List<T> items() {
    return items;
  }
}
