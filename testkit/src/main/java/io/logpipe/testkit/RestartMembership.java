package io.logpipe.testkit;

import java.util.List;

/**
 * The group membership a restart test gives the stage it kills and restarts: static by default (the
 * stage's {@code --instance-id}); with {@code -Drestart.membership=dynamic}, dynamic membership
 * with Kafka's default session and heartbeat, so that BENCHMARKS.md can compare the two on the same
 * runs.
 */
public final class RestartMembership {

  /** Whether this run measures dynamic membership. */
  public static final boolean DYNAMIC = "dynamic".equals(System.getProperty("restart.membership"));

  private RestartMembership() {}

  /**
   * The stage's options for this membership; {@code -X} sets a client property of the sink and of
   * the processor alike.
   */
  public static List<String> options(String instanceId) {
    if (DYNAMIC) {
      return List.of(
          "--instance-id",
          "none",
          "-X",
          "session.timeout.ms=45000",
          "-X",
          "heartbeat.interval.ms=3000");
    }
    return List.of("--instance-id", instanceId);
  }

  /** Prefix of the printed timings: which membership they measured. */
  public static String label() {
    return DYNAMIC ? "[dynamic membership] " : "";
  }
}
