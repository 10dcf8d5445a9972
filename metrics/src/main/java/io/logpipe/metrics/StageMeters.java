package io.logpipe.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/** The meters one stage of a process registers under its own name prefix. */
public final class StageMeters {

  private StageMeters() {}

  /**
   * Removes the meters of an earlier instance of a stage ({@code logpipe local} starts its stages
   * again after the run): a registry hands back an existing meter of the same name and tags, which
   * would go on reading the closed instance.
   */
  public static void removeEarlier(MeterRegistry registry, String namePrefix) {
    for (Meter earlier : registry.getMeters()) {
      if (earlier.getId().getName().startsWith(namePrefix)) {
        registry.remove(earlier);
      }
    }
  }
}
