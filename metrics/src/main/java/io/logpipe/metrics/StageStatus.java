package io.logpipe.metrics;

import java.util.Objects;

/**
 * What one stage of a process says about itself at a moment: whether it is alive (a supervisor
 * should leave it running) and whether it is ready (connected and doing its work), with a short
 * reason for people reading {@code /healthz} and {@code /readyz}.
 *
 * @param live false only when the stage has stopped or failed and will not recover by itself
 * @param ready true when the stage is connected and working
 * @param detail one line saying why, e.g. {@code RUNNING} or {@code no connection to Kafka}
 */
public record StageStatus(boolean live, boolean ready, String detail) {

  public StageStatus {
    Objects.requireNonNull(detail, "detail");
    if (ready && !live) {
      throw new IllegalArgumentException("a stage that is not live cannot be ready");
    }
  }

  /** Alive and working. */
  public static StageStatus ready(String detail) {
    return new StageStatus(true, true, detail);
  }

  /** Alive but not working yet or for now: starting, joining its group, reconnecting. */
  public static StageStatus notReady(String detail) {
    return new StageStatus(true, false, detail);
  }

  /** Stopped or failed: it will not become ready again by itself. */
  public static StageStatus down(String detail) {
    return new StageStatus(false, false, detail);
  }
}
