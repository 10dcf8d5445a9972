package io.logpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PacedLoopTest {

  @Test
  void runsTheStepUntilStopped() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (PacedLoop loop = PacedLoop.start("count", Duration.ofMillis(1), runs::incrementAndGet)) {
      Await.until(Duration.ofSeconds(10), "three runs", () -> runs.get() >= 3);
      loop.stop();
      int stopped = runs.get();
      assertThat(runs).as("no run after stop").hasValue(stopped);
    }
  }

  @Test
  void aFailedRunFailsTheStop() {
    PacedLoop loop =
        PacedLoop.start(
            "failing",
            Duration.ofMillis(1),
            () -> {
              throw new IllegalStateException("producer closed");
            });
    assertThatThrownBy(loop::stop)
        .isInstanceOf(AssertionError.class)
        .hasMessage("failing failed")
        .hasRootCauseMessage("producer closed");
  }
}
