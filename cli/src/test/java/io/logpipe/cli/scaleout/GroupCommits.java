package io.logpipe.cli.scaleout;

import io.logpipe.embedded.testing.GroupAssignments;
import io.logpipe.testkit.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A stage's consumer group as the Admin API shows it: which input partitions each instance owns,
 * and the offsets the stage has committed (the processor in its transactions, the sink after each
 * lake commit). A stage has recovered from a crash once it commits again on a partition the crashed
 * instance owned.
 */
final class GroupCommits {

  private final Admin admin;
  private final String group;
  private final String topic;

  GroupCommits(Admin admin, String group, String topic) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
  }

  /** Partitions of the input topic owned by {@code instance} (its client id prefix). */
  Set<Integer> ownedBy(String instance) throws Exception {
    Set<Integer> owned = new HashSet<>();
    GroupAssignments.byClientId(admin, group)
        .forEach(
            (clientId, partitions) -> {
              // Kafka Streams appends its thread and client kind to the configured client id.
              if (clientId.equals(instance) || clientId.startsWith(instance + "-")) {
                partitions.stream()
                    .filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> owned.add(tp.partition()));
              }
            });
    return owned;
  }

  /** Waits until each of {@code instances} owns at least one input partition. */
  void awaitOwners(Duration timeout, StageProcess... instances) throws Exception {
    Await.until(
        timeout,
        group + ": every instance owns partitions of " + topic,
        () -> {
          for (StageProcess i : instances) {
            i.assertAlive();
            if (ownedBy(i.name()).isEmpty()) {
              return false;
            }
          }
          return true;
        });
  }

  /** Committed offsets on the input topic, by partition. */
  Map<Integer, Long> committed() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    Map<Integer, Long> byPartition = new HashMap<>();
    offsets.forEach(
        (tp, o) -> {
          if (tp.topic().equals(topic) && o != null) {
            byPartition.put(tp.partition(), o.offset());
          }
        });
    return byPartition;
  }
}
