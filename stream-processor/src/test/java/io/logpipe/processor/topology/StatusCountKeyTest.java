package io.logpipe.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.schemas.StatusCount;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Each encoding of a window and status is fixed by records already written: the status-count
 * topics' keys, and the two counters' changelogged store keys.
 */
class StatusCountKeyTest {

  private static final Instant WINDOW = Instant.parse("2015-05-17T10:05:00Z");
  private static final StatusCountKey KEY = new StatusCountKey(WINDOW.toEpochMilli(), 200);

  @Test
  void topicKeyIsTheWindowStartInIsoUtcThenTheStatus() {
    assertThat(KEY).hasToString("2015-05-17T10:05:00Z/200");
    assertThat(StatusCountKey.of(WINDOW, 200)).isEqualTo("2015-05-17T10:05:00Z/200");
    StatusCount count = new StatusCount(WINDOW, WINDOW.plusSeconds(60), 200, 7L, true);
    assertThat(StatusCountKey.of(count)).isEqualTo(KEY);
  }

  @Test
  void partialCounterStoreKeyIsWindowStartTimesAThousandPlusStatus() {
    assertThat(StatusCountKey.packed(1_431_857_100_000L, 200)).isEqualTo(1_431_857_100_000_200L);
    assertThat(StatusCountKey.unpack(1_431_857_100_000_200L)).isEqualTo(KEY);
    assertThat(StatusCountKey.unpack(StatusCountKey.packed(-60_000L, 599)))
        .isEqualTo(new StatusCountKey(-60_000L, 599));
  }

  @Test
  void windowCounterStoreKeyIsWindowStartMillisSlashStatus() {
    assertThat(KEY.storeKey()).isEqualTo("1431857100000/200");
    assertThat(StatusCountKey.fromStoreKey("1431857100000/200")).isEqualTo(KEY);
  }
}
