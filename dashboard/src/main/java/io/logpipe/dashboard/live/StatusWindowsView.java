package io.logpipe.dashboard.live;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON of {@code /api/status-counts}: the newest windows, oldest first.
 *
 * @param windows one entry per window
 * @param undecodable records of the count topics that could not be decoded (skipped, counted here)
 */
public record StatusWindowsView(List<WindowCounts> windows, long undecodable) {

  public StatusWindowsView {
    windows = List.copyOf(windows);
  }

  /**
   * @param start window start (event time, inclusive)
   * @param end window end (exclusive)
   * @param closed whether the window has closed and its counts are final
   * @param counts events per HTTP status
   * @param total sum of {@code counts}
   */
  public record WindowCounts(
      Instant start, Instant end, boolean closed, Map<Integer, Long> counts, long total) {
    public WindowCounts {
      counts = Collections.unmodifiableMap(new TreeMap<>(counts));
    }
  }
}
