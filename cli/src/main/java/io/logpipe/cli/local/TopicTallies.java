package io.logpipe.cli.local;

import io.logpipe.embedded.TopicReader;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectReason;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads a run's output topics to their ends (as a {@code read_committed} consumer sees them) into
 * the tallies the {@link Reconciliation} compares.
 */
final class TopicTallies {

  /** Bound on reading one topic to its end: a hang fails the run. */
  static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private final String bootstrap;

  TopicTallies(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Curated events per window, status and hour (hours named in {@code zone}). */
  CuratedTally curated(String topic, long windowMillis, ZoneId zone) {
    CuratedTally tally = new CuratedTally(windowMillis, zone);
    var serde = LogpipeSerdes.logEvent();
    TopicReader.readAll(
        bootstrap, topic, READ_TIMEOUT, r -> tally.add(serde.deserialize(r.topic(), r.value())));
    return tally;
  }

  /** Dead letters per reason. */
  Map<RejectReason, Long> rejected(String topic) {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    var serde = LogpipeSerdes.rejectedLine();
    TopicReader.readAll(
        bootstrap,
        topic,
        READ_TIMEOUT,
        r -> byReason.merge(serde.deserialize(r.topic(), r.value()).getReason(), 1L, Long::sum));
    return byReason;
  }

  /** Status counts (final or late) per window and status. */
  StatusCountTally statusCounts(String topic) {
    StatusCountTally tally = new StatusCountTally();
    var serde = LogpipeSerdes.statusCount();
    TopicReader.readAll(
        bootstrap, topic, READ_TIMEOUT, r -> tally.add(serde.deserialize(r.topic(), r.value())));
    return tally;
  }
}
