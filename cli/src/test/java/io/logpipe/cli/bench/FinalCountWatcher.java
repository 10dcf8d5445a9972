package io.logpipe.cli.bench;

import io.logpipe.schemas.AvroSerde;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code logs_status_counts} as a user's consumer would ({@code read_committed}, the
 * processor writes exactly-once) and notes the wall time at which each window's final count for
 * each status first arrives.
 */
final class FinalCountWatcher implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Bounds the broker's wait when nothing is new, so a count is delivered as soon as it is
   * committed.
   */
  private static final String FETCH_MAX_WAIT_MS = "100";

  private final String bootstrap;
  private final String topic;
  private final ConcurrentHashMap<Long, Long> firstSeen = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  private FinalCountWatcher(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.thread = new Thread(this::watch, "final-count-watcher");
    this.thread.setDaemon(true);
  }

  /** Starts reading every partition of {@code topic} (which must exist) from its beginning. */
  static FinalCountWatcher start(String bootstrap, String topic) {
    FinalCountWatcher watcher = new FinalCountWatcher(bootstrap, topic);
    watcher.thread.start();
    return watcher;
  }

  private void watch() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-final-count-watcher");
    AvroSerde<StatusCount> serde = LogpipeSerdes.statusCount();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          StatusCount count = serde.deserialize(r.topic(), r.value());
          if (count.getFinal$()) {
            firstSeen.putIfAbsent(
                WindowTimeline.key(count.getWindowStart().toEpochMilli(), count.getStatus()), now);
          }
        }
      }
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  /**
   * {@link System#nanoTime()} at which the final count of {@code key} ({@link WindowTimeline#key})
   * arrived, or -1.
   */
  long seenNanos(long key) {
    return firstSeen.getOrDefault(key, -1L);
  }

  /** Whether every one of {@code keys} has arrived; throws if the consumer failed. */
  boolean hasAll(Set<Long> keys) {
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("the consumer of " + topic + " failed: " + t, t);
    }
    return firstSeen.keySet().containsAll(keys);
  }

  /** Final counts seen so far. */
  int seen() {
    return firstSeen.size();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
