package io.logpipe.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from its beginning as a {@code read_committed} consumer sees it, without a
 * consumer group, so that reading disturbs no stage's committed offsets: for the one-machine mode's
 * reconciliation and for tests.
 *
 * <p>{@link #readToEnd} reads up to the end offsets of the moment; {@link #poll} reads what has
 * come, for a caller that waits for records on its own terms (tests keep them with {@code
 * io.logpipe.embedded.testing.TopicRecords}). Neither keeps records. A topic that does not exist
 * yet is looked up again on each read, so a reader may start before the application that creates
 * the topic.
 */
public final class TopicReader<K, V> implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  /** How long one metadata request for the topic may take. */
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  /** Paces the look-ups while the topic does not exist. */
  private static final Duration TOPIC_PAUSE = Duration.ofMillis(100);

  private final String topic;
  private final KafkaConsumer<K, V> consumer;
  private List<TopicPartition> partitions = List.of();

  public TopicReader(
      String bootstrapServers, String topic, Deserializer<K> keys, Deserializer<V> values) {
    this.topic = topic;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
    this.consumer = new KafkaConsumer<>(p, keys, values);
  }

  /** Records as the broker holds them: raw lines, or serialized values the caller decodes. */
  public static TopicReader<byte[], byte[]> bytes(String bootstrapServers, String topic) {
    return new TopicReader<>(
        bootstrapServers, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Records with string keys (every topic the processor writes) and {@code values}. */
  public static <V> TopicReader<String, V> withStringKeys(
      String bootstrapServers, String topic, Deserializer<V> values) {
    return new TopicReader<>(bootstrapServers, topic, new StringDeserializer(), values);
  }

  /**
   * Hands {@code sink} every committed record of {@code topic}, as the broker holds it, from the
   * beginning to the end offsets at the time of the call.
   *
   * @return how many there were; 0 when the topic does not exist
   * @throws IllegalStateException when the end offsets are not reached within {@code deadline}
   */
  public static long readAll(
      String bootstrapServers,
      String topic,
      Duration deadline,
      Consumer<? super ConsumerRecord<byte[], byte[]>> sink) {
    try (TopicReader<byte[], byte[]> reader = bytes(bootstrapServers, topic)) {
      return reader.readToEnd(deadline, sink);
    }
  }

  /**
   * Hands {@code sink} every committed record from the beginning to the end offsets at the time of
   * the call (for a {@code read_committed} consumer, the last stable offsets); keeps none.
   *
   * @return how many there were; 0 when the topic does not exist
   * @throws IllegalStateException when the end offsets are not reached within {@code deadline}
   */
  public long readToEnd(Duration deadline, Consumer<? super ConsumerRecord<K, V>> sink) {
    Map<TopicPartition, Long> end = endOffsets();
    long until = System.nanoTime() + deadline.toNanos();
    long count = 0;
    while (!reached(end)) {
      if (System.nanoTime() - until > 0) {
        throw new IllegalStateException(
            "Reading " + topic + " did not reach its end offsets within " + deadline);
      }
      count += pollInto(sink);
    }
    return count;
  }

  /**
   * One poll, handing what it brings to {@code sink}; while the topic does not exist, one look-up
   * for it instead, after a short pause.
   *
   * @return how many records it brought
   */
  public int poll(Consumer<? super ConsumerRecord<K, V>> sink) throws InterruptedException {
    if (!assigned()) {
      TimeUnit.NANOSECONDS.sleep(TOPIC_PAUSE.toNanos());
      return 0;
    }
    return pollInto(sink);
  }

  /**
   * The end offset of each partition now (for a {@code read_committed} consumer, the last stable
   * offset); empty when the topic does not exist.
   */
  public Map<TopicPartition, Long> endOffsets() {
    return assigned() ? consumer.endOffsets(partitions) : Map.of();
  }

  /** Whether the topic exists (it is looked up again until it does). */
  public boolean topicExists() {
    return assigned();
  }

  @Override
  public void close() {
    consumer.close();
  }

  /** Assigns every partition of the topic once it exists; whether it does. */
  private boolean assigned() {
    if (partitions.isEmpty()) {
      List<TopicPartition> found = new ArrayList<>();
      consumer
          .partitionsFor(topic, METADATA_TIMEOUT)
          .forEach(i -> found.add(new TopicPartition(topic, i.partition())));
      if (!found.isEmpty()) {
        consumer.assign(found);
        consumer.seekToBeginning(found);
        partitions = List.copyOf(found);
      }
    }
    return !partitions.isEmpty();
  }

  private int pollInto(Consumer<? super ConsumerRecord<K, V>> sink) {
    int count = 0;
    for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
      sink.accept(record);
      count++;
    }
    return count;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
