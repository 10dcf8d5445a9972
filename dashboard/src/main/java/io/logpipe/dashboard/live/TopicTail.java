package io.logpipe.dashboard.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows every partition of a few topics from their beginning, as a {@code read_committed} reader,
 * without a consumer group: the dashboard only looks and must never move the stages' offsets or
 * join their groups. Topics that do not exist yet (the processor creates them) are picked up when
 * they appear. Not thread-safe: one collector thread calls {@link #drain}.
 */
final class TopicTail implements AutoCloseable {

  /** How often the partitions of the topics are looked up again (new topic, added partitions). */
  private static final long REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

  private final List<String> topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private List<TopicPartition> assigned = List.of();
  private long lastRefresh = Long.MIN_VALUE; // never refreshed yet

  TopicTail(List<String> topics, String bootstrapServers, Map<String, String> extra) {
    this.topics = List.copyOf(topics);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Short client timeouts: a broker outage must cost the collector a second or two, not a minute.
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "logpipe-dashboard-" + String.join("+", topics));
    p.putAll(extra);
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Hands every record that arrives within {@code budget} to {@code handler}; returns how many
   * there were.
   *
   * @throws KafkaException when the broker cannot be reached for metadata (the caller reports the
   *     outage)
   */
  int drain(Duration budget, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    refreshPartitions();
    if (assigned.isEmpty()) {
      // No topic yet (the processor creates them): wait out the budget rather than spin on metadata
      // requests.
      java.util.concurrent.locks.LockSupport.parkNanos(budget.toNanos());
      return 0;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    int n = 0;
    while (true) {
      long left = deadline - System.nanoTime();
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofNanos(Math.max(left, 0)));
      for (ConsumerRecord<byte[], byte[]> r : records) {
        handler.accept(r);
        n++;
      }
      if (records.isEmpty() || System.nanoTime() >= deadline) {
        return n;
      }
    }
  }

  private void refreshPartitions() {
    if (lastRefresh != Long.MIN_VALUE && System.nanoTime() - lastRefresh < REFRESH_NANOS) {
      return;
    }
    lastRefresh = System.nanoTime();
    List<TopicPartition> found = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
      for (PartitionInfo info : infos) {
        found.add(new TopicPartition(topic, info.partition()));
      }
    }
    if (!found.equals(assigned)) {
      List<TopicPartition> added = new ArrayList<>(found);
      added.removeAll(assigned);
      consumer.assign(found);
      consumer.seekToBeginning(added);
      assigned = List.copyOf(found);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
