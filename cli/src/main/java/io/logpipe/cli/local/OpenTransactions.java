package io.logpipe.cli.local;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a transactional producer's last commit is visible on every partition it wrote. A commit
 * returns once the transaction coordinator has logged it; the markers that make the records
 * readable reach each partition (and, on a cluster, its replicas) after that. Until then a {@code
 * read_committed} reader stops at the last stable offset, short of the end: a reconciliation that
 * read then would miss the newest records.
 */
final class OpenTransactions {

  private OpenTransactions() {}

  /** True when every partition of {@code topics} has its last stable offset at its end. */
  static boolean noneOn(Admin admin, Collection<String> topics) {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (var description :
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        description
            .partitions()
            .forEach(
                p ->
                    latest.put(
                        new TopicPartition(description.name(), p.partition()),
                        OffsetSpec.latest()));
      }
      Map<TopicPartition, ListOffsetsResultInfo> stable = ends(admin, latest, true);
      Map<TopicPartition, ListOffsetsResultInfo> end = ends(admin, latest, false);
      return latest.keySet().stream()
          .allMatch(tp -> stable.get(tp).offset() == end.get(tp).offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false; // a leader moving: ask again
    }
  }

  private static Map<TopicPartition, ListOffsetsResultInfo> ends(
      Admin admin, Map<TopicPartition, OffsetSpec> latest, boolean committed) throws Exception {
    IsolationLevel level =
        committed ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
    return admin.listOffsets(latest, new ListOffsetsOptions(level)).all().get(30, TimeUnit.SECONDS);
  }
}
