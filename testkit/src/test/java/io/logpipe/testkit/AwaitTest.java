package io.logpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void returnsOnceTheConditionHolds() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    Await.until(Duration.ofSeconds(10), "the third check", () -> checks.incrementAndGet() == 3);
    assertThat(checks).hasValue(3);
  }

  @Test
  void returnsTheFirstValueThatIsDone() throws Exception {
    AtomicInteger next = new AtomicInteger();
    assertThat(Await.until(Duration.ofSeconds(10), "5", next::incrementAndGet, n -> n >= 5))
        .isEqualTo(5);
  }

  @Test
  void failsAtTheDeadlineNamingWhatAndTheLastValue() {
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(50), "never", () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 0 s waiting for never");
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(50), "a", () -> "b", "a"::equals))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 0 s waiting for a; last seen: b");
  }

  @Test
  void aFailingCheckEndsTheWaitAtOnce() {
    assertThatThrownBy(
            () ->
                Await.until(
                    Duration.ofMinutes(5),
                    "x",
                    () -> {
                      throw new IOException("broken");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("broken");
  }
}
