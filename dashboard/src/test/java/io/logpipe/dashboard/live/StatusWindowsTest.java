package io.logpipe.dashboard.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.schemas.StatusCount;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusWindowsTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static StatusCount count(int minute, int status, long n, boolean isFinal) {
    Instant start = T0.plusSeconds(60L * minute);
    return StatusCount.newBuilder()
        .setWindowStart(start)
        .setWindowEnd(start.plusSeconds(60))
        .setStatus(status)
        .setCount(n)
        .setFinal$(isFinal)
        .build();
  }

  @Test
  void liveCountsAreRunningTotalsUntilTheFinalOneReplacesThem() {
    StatusWindows w = new StatusWindows(30);
    w.add(count(0, 200, 3, false));
    w.add(count(0, 200, 7, false));
    w.add(count(0, 500, 1, false));
    assertThat(w.view().windows().get(0).counts()).isEqualTo(Map.of(200, 7L, 500, 1L));
    assertThat(w.view().windows().get(0).closed()).isFalse();

    w.add(count(0, 200, 8, true));
    w.add(
        count(
            0, 200, 9, false)); // a live update after the final count is stale: the final one stays
    var window = w.view().windows().get(0);
    assertThat(window.closed()).isTrue();
    assertThat(window.counts()).isEqualTo(Map.of(200, 8L, 500, 1L));
    assertThat(window.total()).isEqualTo(9);
  }

  @Test
  void keepsOnlyTheNewestWindowsOldestFirst() {
    StatusWindows w = new StatusWindows(3);
    for (int minute = 0; minute < 5; minute++) {
      w.add(count(minute, 200, minute + 1, true));
    }
    w.add(count(0, 200, 100, true)); // older than everything kept: ignored
    var windows = w.view().windows();
    assertThat(windows)
        .extracting(StatusWindowsView.WindowCounts::start)
        .containsExactly(T0.plusSeconds(120), T0.plusSeconds(180), T0.plusSeconds(240));
    assertThat(windows.get(0).counts()).isEqualTo(Map.of(200, 3L));
  }

  @Test
  void undecodableRecordsAreCounted() {
    StatusWindows w = new StatusWindows(3);
    w.undecodable();
    assertThat(w.view().undecodable()).isEqualTo(1);
  }
}
