package io.logpipe.cli.scaleout;

import io.logpipe.embedded.TopicReader;
import io.logpipe.processor.topology.StatusCountKey;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import io.logpipe.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The processor's window counts as a {@code read_committed} consumer sees them: final counts (one
 * record per window and status) and late counts (a record per batch of events that reached a window
 * after it closed), read incrementally.
 */
final class WindowCounts implements AutoCloseable {

  private final TopicReader<String, StatusCount> finalTopic;
  private final TopicReader<String, StatusCount> lateTopic;
  private final Map<StatusCountKey, Long> finals = new HashMap<>();
  private final Map<StatusCountKey, Long> late = new HashMap<>();
  private long repeatedFinals;

  WindowCounts(String bootstrap) {
    finalTopic =
        TopicReader.withStringKeys(
            bootstrap, Topics.STATUS_COUNTS, LogpipeSerdes.statusCount().deserializer());
    lateTopic =
        TopicReader.withStringKeys(
            bootstrap, Topics.STATUS_COUNTS_LATE, LogpipeSerdes.statusCount().deserializer());
  }

  /** Reads what was committed since the last call. */
  WindowCounts refresh() {
    finalTopic.readToEnd(
        Duration.ofSeconds(30),
        r -> {
          if (finals.put(StatusCountKey.of(r.value()), r.value().getCount()) != null) {
            repeatedFinals++;
          }
        });
    lateTopic.readToEnd(
        Duration.ofSeconds(30),
        r -> late.merge(StatusCountKey.of(r.value()), r.value().getCount(), Long::sum));
    return this;
  }

  Map<StatusCountKey, Long> finals() {
    return finals;
  }

  /** Late events per window and status, summed over its late records. */
  Map<StatusCountKey, Long> late() {
    return late;
  }

  /** Final records beyond the first for one window and status: must stay 0. */
  long repeatedFinals() {
    return repeatedFinals;
  }

  /** Final + late for the pair. */
  long counted(StatusCountKey key) {
    return finals.getOrDefault(key, 0L) + late.getOrDefault(key, 0L);
  }

  boolean countedAtAll(StatusCountKey key) {
    return finals.containsKey(key) || late.containsKey(key);
  }

  @Override
  public void close() {
    finalTopic.close();
    lateTopic.close();
  }
}
