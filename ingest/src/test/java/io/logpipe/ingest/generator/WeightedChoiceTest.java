package io.logpipe.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedChoiceTest {

  @Test
  void drawsFollowTheWeights() {
    double[] weights = {50, 0, 30, 15, 5};
    WeightedChoice<String> choice =
        new WeightedChoice<>(List.of("a", "never", "b", "c", "d"), weights);
    SplittableRandom random = new SplittableRandom(1);
    int[] counts = new int[weights.length];
    int n = 400_000;
    for (int i = 0; i < n; i++) {
      counts[choice.pickIndex(random)]++;
    }
    assertThat(counts[1]).isZero();
    for (int i = 0; i < weights.length; i++) {
      assertThat(counts[i] / (double) n).isCloseTo(weights[i] / 100, within(0.005));
    }
  }

  @Test
  void zipfRanksAreInverselyProportional() {
    WeightedChoice<Integer> zipf = WeightedChoice.zipf(List.of(1, 2, 3, 4), 1.0);
    SplittableRandom random = new SplittableRandom(2);
    int[] counts = new int[4];
    for (int i = 0; i < 250_000; i++) {
      counts[zipf.pickIndex(random)]++;
    }
    assertThat(counts[0] / (double) counts[1]).isCloseTo(2.0, within(0.05));
    assertThat(counts[0] / (double) counts[3]).isCloseTo(4.0, within(0.15));
  }
}
