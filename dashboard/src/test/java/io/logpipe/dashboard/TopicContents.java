package io.logpipe.dashboard;

import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a topic holds, read by the test itself (read_committed, no group), to compare with what the
 * page shows.
 */
final class TopicContents {

  private TopicContents() {}

  /**
   * Final counts per window start and status in {@code topic}, from its beginning to its current
   * end.
   */
  static Map<Instant, Map<Integer, Long>> finalCounts(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<Instant, Map<Integer, Long>> counts = new TreeMap<>();
    var serde = LogpipeSerdes.statusCount();
    try (var consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end within 30 s");
        }
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          StatusCount c = serde.deserialize(r.topic(), r.value());
          if (c.getFinal$()) {
            counts
                .computeIfAbsent(c.getWindowStart(), w -> new TreeMap<>())
                .put(c.getStatus(), c.getCount());
          }
        }
      }
    }
    return counts;
  }

  /** End offsets summed over the partitions of {@code topic}. */
  static long endOffsets(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
