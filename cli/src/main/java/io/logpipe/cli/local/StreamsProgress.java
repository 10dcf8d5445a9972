package io.logpipe.cli.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Kafka Streams application has processed every committed record of its input topics,
 * judged from its committed offsets, which exactly-once commits atomically with the outputs they
 * produced.
 *
 * <p>On a topic written transactionally the last record of a partition is followed by a transaction
 * marker the application never has to commit past, so there one offset of lag still means "all
 * processed"; on the raw topic, written without transactions, only zero lag does. The processor
 * forwards partial counts on a wall-clock interval, so "done" also needs the input topics' end
 * offsets to have stayed put for longer than that interval.
 */
final class StreamsProgress {

  private final Admin admin;
  private final String applicationId;
  private final String rawTopic;
  private final List<String> topics;
  private long lastEndSum = -1;
  private long lastChangeNanos = System.nanoTime();

  /**
   * @param rawTopic the input written without transactions: it must be consumed to its very end
   * @param internalTopic an input the application writes itself, transactionally
   */
  StreamsProgress(Admin admin, String applicationId, String rawTopic, String internalTopic) {
    this.admin = admin;
    this.applicationId = applicationId;
    this.rawTopic = rawTopic;
    this.topics = List.of(rawTopic, internalTopic);
  }

  /**
   * True when every partition of every input topic has a committed offset within one of its end,
   * and no end offset has moved for {@code quiet}.
   */
  boolean settled(java.time.Duration quiet) {
    boolean caughtUp = caughtUp();
    return caughtUp && System.nanoTime() - lastChangeNanos >= quiet.toNanos();
  }

  private boolean caughtUp() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(applicationId)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      List<TopicPartition> partitions = new ArrayList<>();
      for (var description :
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        description
            .partitions()
            .forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition())));
      }
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var ends =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(30, TimeUnit.SECONDS);
      long endSum = ends.values().stream().mapToLong(e -> e.offset()).sum();
      if (endSum != lastEndSum) {
        lastEndSum = endSum;
        lastChangeNanos = System.nanoTime();
      }
      for (TopicPartition tp : partitions) {
        long end = ends.get(tp).offset();
        OffsetAndMetadata c = committed.get(tp);
        long allowed =
            tp.topic().equals(rawTopic) ? 0 : 1; // a transaction marker may follow the last record
        if (c == null ? end > 0 : end - c.offset() > allowed) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false; // not yet known (topics being created, group not yet committed): keep waiting
    }
  }
}
