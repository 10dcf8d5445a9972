package io.logpipe.dashboard.live;

import io.logpipe.dashboard.lake.LakeView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * JSON of {@code /api/live} and of each event on {@code /api/stream}: everything the live panels
 * show, collected at one moment. Each part is also served alone ({@code /api/broker}, {@code
 * /api/status-counts}, ...).
 *
 * @param at when it was collected
 * @param broker whether the broker answers
 * @param statusCounts per-status counts of the newest windows
 * @param rates records per second into the pipeline's topics
 * @param rejects dead letters by reason, and the newest ones
 * @param lag each stage's consumer lag
 * @param lake the curated table as readers see it
 * @param owners which instance of each stage owns which partitions (processor, then sink); empty
 *     while the broker does not answer
 * @param batchRunAt when the newest analytics run finished (null: none yet): the page reloads
 *     {@code /api/batch} when it changes
 */
public record LiveSnapshot(
    Instant at,
    BrokerView broker,
    StatusWindowsView statusCounts,
    RatesView rates,
    RejectsView rejects,
    Map<String, GroupLag> lag,
    LakeView lake,
    List<StageOwners> owners,
    Instant batchRunAt) {

  public LiveSnapshot {
    lag = Map.copyOf(lag);
    owners = List.copyOf(owners);
  }

  /**
   * @param bootstrapServers the address the dashboard reads
   * @param reachable whether the last probe got an answer
   * @param problem the last probe's error while unreachable, null otherwise
   * @param since when it last changed between reachable and not
   */
  public record BrokerView(
      String bootstrapServers, boolean reachable, String problem, Instant since) {}

  /**
   * Offsets per second into each topic over the last interval; with exactly-once producers the
   * commit markers count too (one per partition and commit), so the curated and rejected rates read
   * a little high under load.
   *
   * @param topics topic name to its rate and end offsets total
   */
  public record RatesView(Map<String, TopicRate> topics) {
    public RatesView {
      topics = Map.copyOf(topics);
    }
  }

  /**
   * @param total sum of the end offsets (records ever written, with markers)
   * @param perSecond growth over the last interval, per second; null on the first sample
   */
  public record TopicRate(long total, Double perSecond) {}

  /**
   * @param group consumer group id
   * @param total records not yet consumed, over every partition it committed
   * @param byTopic the same per input topic
   * @param problem why the lag is unknown, null when known
   */
  public record GroupLag(String group, Long total, Map<String, Long> byTopic, String problem) {
    public GroupLag {
      byTopic = byTopic == null ? Map.of() : Map.copyOf(byTopic);
    }
  }
}
