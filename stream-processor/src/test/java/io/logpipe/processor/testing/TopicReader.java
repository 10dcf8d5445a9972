package io.logpipe.processor.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic as a {@code read_committed} consumer would, polling with a deadline. */
public final class TopicReader<V> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

  public TopicReader(String bootstrap, String topic, Deserializer<V> values) {
    this(bootstrap, topic, values, Duration.ofSeconds(60));
  }

  /**
   * @param topicDeadline how long to wait for the topic to appear (pass the test's own deadline)
   */
  public TopicReader(
      String bootstrap, String topic, Deserializer<V> values, Duration topicDeadline) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
    List<TopicPartition> tps = new ArrayList<>();
    // The application under test may still be creating the topic: wait for it, with a deadline.
    long end = System.nanoTime() + topicDeadline.toNanos();
    while (tps.isEmpty()) {
      if (System.nanoTime() > end) {
        consumer.close();
        throw new AssertionError("Topic " + topic + " did not appear within " + topicDeadline);
      }
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
      if (tps.isEmpty()) {
        java.util.concurrent.locks.LockSupport.parkNanos(
            Duration.ofMillis(100).toNanos()); // pace the polling
      }
    }
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
  }

  /** Polls until at least {@code count} records were read in total, or fails at the deadline. */
  public List<ConsumerRecord<String, V>> readAtLeast(long count, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (records.size() < count) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "Only " + records.size() + " of " + count + " records within " + deadline);
      }
      poll();
    }
    return records;
  }

  /** One poll; returns everything read so far. */
  public List<ConsumerRecord<String, V>> poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    return records;
  }

  /**
   * Keeps polling for {@code quiet} and returns everything: used to show that nothing more arrives.
   */
  public List<ConsumerRecord<String, V>> drain(Duration quiet) {
    long end = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < end) {
      poll();
    }
    return records;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
