package io.logpipe.dashboard.live;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of {@code /api/rejects}: dead letters read from the rejected topic since the dashboard
 * started reading it (from the topic's beginning).
 *
 * @param total dead letters read
 * @param byReason reason code to count, most frequent first
 * @param recent the newest dead letters, newest first
 * @param undecodable records of the rejected topic that could not be decoded
 */
public record RejectsView(
    long total, Map<String, Long> byReason, List<Recent> recent, long undecodable) {

  public RejectsView {
    byReason = Collections.unmodifiableMap(new LinkedHashMap<>(byReason));
    recent = List.copyOf(recent);
  }

  /**
   * One dead letter, as text: the raw line is attacker-controlled and the page shows it as text
   * only.
   *
   * @param reason stable reason code
   * @param message the processor's explanation
   * @param raw the raw line (cut after {@value RejectTally#RAW_SHOWN} characters; invalid UTF-8
   *     replaced)
   * @param source raw topic, partition and offset
   * @param rejectedAt when the processor rejected it
   */
  public record Recent(
      String reason, String message, String raw, String source, Instant rejectedAt) {}
}
