package io.logpipe.cli.counts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle timeout counts from assignment; before it, the group join gets at least a minute. */
class ConsumeCountsIdleTest {

  @Test
  void afterAssignmentTheIdleTimeoutIsAsGiven() {
    assertThat(ConsumeCountsCommand.idleLimit(Duration.ofSeconds(3), true))
        .isEqualTo(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void beforeAssignmentAShortTimeoutIsStretchedToTheJoinWait() {
    assertThat(ConsumeCountsCommand.idleLimit(Duration.ofSeconds(3), false))
        .isEqualTo(ConsumeCountsCommand.JOIN_WAIT.toNanos());
    assertThat(ConsumeCountsCommand.idleLimit(Duration.ofMinutes(5), false))
        .isEqualTo(Duration.ofMinutes(5).toNanos());
  }
}
