package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.sink.fs.SinkStorageException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.security.AccessControlException;
import org.junit.jupiter.api.Test;

/** Whether a failed write is retried, after which wait, and when the sink stops instead. */
class RewindPolicyTest {

  private static final Instant T0 = Instant.parse("2025-12-24T10:00:00Z");
  private static final IOException TRANSIENT = new IOException("DataNode pipeline broke");
  private final RewindPolicy policy =
      new RewindPolicy(URI.create("file:///lake"), Duration.ofMinutes(5));

  @Test
  void theWaitDoublesFrom200MsUpTo30s() {
    List<Long> delays = new ArrayList<>();
    Backoff run = null;
    for (int i = 0; i < 11; i++) {
      run = policy.afterFailure(run, TRANSIENT, T0.plusSeconds(i));
      delays.add(run.delay().toMillis());
    }
    assertThat(delays)
        .containsExactly(
            200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L, 30_000L, 30_000L, 30_000L);
    assertThat(run.failingSince()).as("the run began with its first failure").isEqualTo(T0);
    assertThat(Backoff.first(T0).next().next().failures()).isEqualTo(3);
  }

  @Test
  void transientFailuresAreRetriedForTheMaxRetryTimeThenTheSinkStops() {
    Backoff run = policy.afterFailure(null, TRANSIENT, T0);
    run =
        policy.afterFailure(
            run, TRANSIENT, T0.plus(Duration.ofMinutes(5))); // exactly the limit: retried
    Backoff last = run;
    assertThatThrownBy(
            () ->
                policy.afterFailure(last, TRANSIENT, T0.plus(Duration.ofMinutes(5)).plusMillis(1)))
        .isInstanceOf(SinkStorageException.class)
        .hasMessageContaining("kept failing for 300 s")
        .hasCause(TRANSIENT);
  }

  @Test
  void aPermanentErrorStopsTheSinkAtOnce() {
    AccessControlException denied = new AccessControlException("Permission denied: user=alice");
    assertThatThrownBy(() -> policy.afterFailure(null, denied, T0))
        .isInstanceOf(SinkStorageException.class)
        .hasMessageContaining("permanent error")
        .hasMessageContaining("file:///lake");
    assertThatThrownBy(() -> policy.afterFurtherFailure(new IOException("wrapped", denied)))
        .as("also when the partition was already rewound for another failure")
        .isInstanceOf(SinkStorageException.class);
    assertThatCode(() -> policy.afterFurtherFailure(TRANSIENT)).doesNotThrowAnyException();
  }

  @Test
  void aBackoffFollowsAtLeastOneFailure() {
    assertThatThrownBy(() -> new Backoff(T0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
