package io.logpipe.embedded.testing;

import io.logpipe.embedded.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What a test reads back from a topic, kept: a {@link TopicReader} ({@code read_committed}, no
 * group, from the beginning, the topic awaited while it does not exist) whose records accumulate in
 * order of arrival, with waits that fail the test at their deadline.
 */
public final class TopicRecords<K, V> implements AutoCloseable {

  /** Quiet time after a count is reached, so that records beyond it (duplicates) show up too. */
  private static final Duration BEYOND_COUNT = Duration.ofMillis(300);

  private final TopicReader<K, V> reader;
  private final String topic;
  private final List<ConsumerRecord<K, V>> records = new ArrayList<>();

  private TopicRecords(TopicReader<K, V> reader, String topic) {
    this.reader = reader;
    this.topic = topic;
  }

  /** Records as the broker holds them. */
  public static TopicRecords<byte[], byte[]> bytes(String bootstrapServers, String topic) {
    return new TopicRecords<>(TopicReader.bytes(bootstrapServers, topic), topic);
  }

  /** Records with string keys (every topic the processor writes) and {@code values}. */
  public static <V> TopicRecords<String, V> withStringKeys(
      String bootstrapServers, String topic, Deserializer<V> values) {
    return new TopicRecords<>(TopicReader.withStringKeys(bootstrapServers, topic, values), topic);
  }

  /**
   * Every record of {@code topic}, as the broker holds it, once at least {@code count} have
   * arrived, and those that follow within a short quiet time: more than {@code count} means
   * duplicates.
   *
   * @throws AssertionError when fewer than {@code count} arrive within {@code deadline}
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrapServers, String topic, long count, Duration deadline)
      throws InterruptedException {
    try (TopicRecords<byte[], byte[]> records = bytes(bootstrapServers, topic)) {
      records.readAtLeast(count, deadline);
      return records.drain(BEYOND_COUNT);
    }
  }

  /**
   * Polls until at least {@code count} records were read in total.
   *
   * @return every record read so far
   * @throws AssertionError when {@code deadline} passes first
   */
  public List<ConsumerRecord<K, V>> readAtLeast(long count, Duration deadline)
      throws InterruptedException {
    long until = System.nanoTime() + deadline.toNanos();
    while (records.size() < count) {
      if (System.nanoTime() - until > 0) {
        throw new AssertionError(
            "Only "
                + records.size()
                + " of "
                + count
                + " records of "
                + topic
                + (reader.topicExists() ? "" : " (the topic does not exist)")
                + " within "
                + deadline);
      }
      poll();
    }
    return records;
  }

  /** One poll; returns every record read so far. */
  public List<ConsumerRecord<K, V>> poll() throws InterruptedException {
    reader.poll(records::add);
    return records;
  }

  /** Keeps polling for {@code quiet}, to show that nothing more arrives; returns everything. */
  public List<ConsumerRecord<K, V>> drain(Duration quiet) throws InterruptedException {
    long until = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() - until < 0) {
      poll();
    }
    return records;
  }

  @Override
  public void close() {
    reader.close();
  }
}
