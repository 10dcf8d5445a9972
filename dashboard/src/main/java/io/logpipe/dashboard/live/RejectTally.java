package io.logpipe.dashboard.live;

import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.RejectedLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Dead letters seen on {@code logs_rejected}: how many per reason, and the newest few for a person
 * to read.
 */
final class RejectTally {

  /** Longest raw line shown; the rest is cut (a rejected line may be megabytes). */
  static final int RAW_SHOWN = 300;

  private final int recentKept;
  private final Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
  private final Deque<RejectsView.Recent> recent = new ArrayDeque<>();
  private long undecodable;

  RejectTally(int recentKept) {
    this.recentKept = recentKept;
  }

  void add(RejectedLine line) {
    byReason.merge(line.getReason(), 1L, Long::sum);
    byte[] raw = new byte[line.getRaw().remaining()];
    line.getRaw().duplicate().get(raw);
    String text =
        new String(
            raw, StandardCharsets.UTF_8); // invalid bytes become U+FFFD: shown, never interpreted
    if (text.length() > RAW_SHOWN) {
      text = text.substring(0, RAW_SHOWN) + "…";
    }
    recent.addFirst(
        new RejectsView.Recent(
            line.getReason().name(),
            line.getMessage(),
            text,
            line.getRawTopic() + "-" + line.getRawPartition() + "@" + line.getRawOffset(),
            line.getRejectedAt()));
    while (recent.size() > recentKept) {
      recent.removeLast();
    }
  }

  void undecodable() {
    undecodable++;
  }

  RejectsView view() {
    Map<String, Long> reasons = new java.util.LinkedHashMap<>();
    byReason.entrySet().stream()
        .sorted(Map.Entry.<RejectReason, Long>comparingByValue().reversed())
        .forEach(e -> reasons.put(e.getKey().name(), e.getValue()));
    long total = byReason.values().stream().mapToLong(Long::longValue).sum();
    List<RejectsView.Recent> newest = new ArrayList<>(recent);
    return new RejectsView(total, reasons, newest, undecodable);
  }
}
