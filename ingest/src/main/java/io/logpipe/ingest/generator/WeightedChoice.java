package io.logpipe.ingest.generator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one of a fixed list of items with fixed relative weights in constant time (Vose's alias
 * method): one random double per draw, so the generator's random sequence, and thus its output,
 * depends only on the seed.
 */
final class WeightedChoice<T> {

  private final List<T> items;
  private final double[] probability;
  private final int[] alias;

  WeightedChoice(List<T> items, double[] weights) {
    int n = weights.length;
    if (items.isEmpty() || items.size() != n) {
      throw new IllegalArgumentException("need one weight per item and at least one item");
    }
    this.items = List.copyOf(items);
    this.probability = new double[n];
    this.alias = new int[n];
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("weights must be >= 0");
      }
      sum += w;
    }
    double[] scaled = new double[n];
    Deque<Integer> small = new ArrayDeque<>();
    Deque<Integer> large = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / sum;
      (scaled[i] < 1.0 ? small : large).push(i);
    }
    while (!small.isEmpty() && !large.isEmpty()) {
      int s = small.pop();
      int l = large.pop();
      probability[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1.0;
      (scaled[l] < 1.0 ? small : large).push(l);
    }
    while (!large.isEmpty()) {
      probability[large.pop()] = 1.0;
    }
    while (!small.isEmpty()) { // rounding leftovers
      probability[small.pop()] = 1.0;
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

  /** Index of the drawn item. */
  int pickIndex(SplittableRandom random) {
    double u = random.nextDouble() * probability.length;
    int i = (int) u;
    return u - i < probability[i] ? i : alias[i];
  }

  T pick(SplittableRandom random) {
    return items.get(pickIndex(random));
  }

  List<T> items() {
    return items;
  }
}
