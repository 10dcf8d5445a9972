package io.logpipe.dashboard.live;

import io.logpipe.schemas.StatusCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The newest windows of the per-status counts: a final count (from {@code logs_status_counts})
 * replaces the live ones (from {@code logs_status_counts_live}, each the window's running total so
 * far) and never changes again. Older windows than the newest {@code keep} are dropped, so memory
 * stays bounded however long the topics are.
 */
final class StatusWindows {

  private final int keep;
  private final NavigableMap<Long, Window> windows = new TreeMap<>();
  private long undecodable;

  StatusWindows(int keep) {
    this.keep = keep;
  }

  void add(StatusCount count) {
    long start = count.getWindowStart().toEpochMilli();
    if (windows.size() >= keep && start < windows.firstKey()) {
      return; // older than everything kept
    }
    Window w = windows.computeIfAbsent(start, s -> new Window(count.getWindowEnd().toEpochMilli()));
    if (count.getFinal$()) {
      w.finals.put(count.getStatus(), count.getCount());
    } else if (!w.finals.containsKey(count.getStatus())) {
      w.live.put(count.getStatus(), count.getCount());
    }
    while (windows.size() > keep) {
      windows.pollFirstEntry();
    }
  }

  void undecodable() {
    undecodable++;
  }

  /** Oldest window first. */
  StatusWindowsView view() {
    List<StatusWindowsView.WindowCounts> out = new ArrayList<>(windows.size());
    for (Map.Entry<Long, Window> e : windows.entrySet()) {
      Window w = e.getValue();
      // A window is final once its final counts arrived (all statuses close together); statuses
      // seen only live until then keep their live count.
      Map<Integer, Long> counts = new TreeMap<>(w.live);
      counts.putAll(w.finals);
      long total = counts.values().stream().mapToLong(Long::longValue).sum();
      out.add(
          new StatusWindowsView.WindowCounts(
              Instant.ofEpochMilli(e.getKey()),
              Instant.ofEpochMilli(w.end),
              !w.finals.isEmpty(),
              counts,
              total));
    }
    return new StatusWindowsView(out, undecodable);
  }

  private static final class Window {
    final long end;
    final Map<Integer, Long> live = new TreeMap<>();
    final Map<Integer, Long> finals = new TreeMap<>();

    Window(long end) {
      this.end = end;
    }
  }
}
