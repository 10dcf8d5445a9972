package io.logpipe.dashboard;

import io.logpipe.embedded.TopicReader;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a topic holds, read by the test itself (read_committed, no group), to compare with what the
 * page shows.
 */
final class TopicContents {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private TopicContents() {}

  /**
   * Final counts per window start and status in {@code topic}, from its beginning to its current
   * end.
   */
  static Map<Instant, Map<Integer, Long>> finalCounts(String bootstrap, String topic) {
    Map<Instant, Map<Integer, Long>> counts = new TreeMap<>();
    var serde = LogpipeSerdes.statusCount();
    TopicReader.readAll(
        bootstrap,
        topic,
        READ_TIMEOUT,
        r -> {
          StatusCount c = serde.deserialize(r.topic(), r.value());
          if (c.getFinal$()) {
            counts
                .computeIfAbsent(c.getWindowStart(), w -> new TreeMap<>())
                .put(c.getStatus(), c.getCount());
          }
        });
    return counts;
  }

  /** End offsets summed over the partitions of {@code topic}. */
  static long endOffsets(String bootstrap, String topic) {
    try (var reader = TopicReader.bytes(bootstrap, topic)) {
      return reader.endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
