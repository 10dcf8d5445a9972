package io.logpipe.cli.bench;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.produce.ProducerSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka-only ceiling of the pipeline's hops, on the same broker kind and the same bytes:
 * produce every line to topic A, relay A to B with a plain consumer-to-producer loop, consume B.
 * Two produces and two consumes of each line, all three running at once as the pipeline's stages
 * do; no parsing, no Avro, no transactions, no Parquet, no offset commits. Both producers use
 * ingest's producer settings (idempotent, acks=all, lz4, 10 ms linger, 512 KiB batches).
 *
 * <p>Then the same three hops once more, one after another on fresh topics, each timed alone: issue
 * 5 sizes the ceiling as the sum of the hops' costs ("two produces and two consumes"), which is
 * what a 2-core machine pays when the hops compete for the same cores; the chain above overlaps
 * them.
 */
final class KafkaCeiling {

  /**
   * @param partitions partitions of A and B
   * @param records records through the chain
   * @param bytes value bytes of those records
   * @param elapsed from the first produce to A until the consumer of B had every record
   * @param producedAfter from the same start until every record was acknowledged in A
   * @param hops the produce, the relay and the consume, each run alone, one after another
   */
  record Result(
      int partitions,
      long records,
      long bytes,
      Duration elapsed,
      Duration producedAfter,
      List<Duration> hops) {
    double recordsPerSecond() {
      return records / (elapsed.toNanos() / 1e9);
    }

    Duration hopsTotal() {
      return hops.stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** Records/s if the hops cannot overlap: records over the sum of the hops' times. */
    double hopsRecordsPerSecond() {
      return records / (hopsTotal().toNanos() / 1e9);
    }
  }

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CLIENT_START_TIMEOUT = Duration.ofSeconds(60);

  private KafkaCeiling() {}

  static Result run(EmbeddedKafka kafka, List<byte[]> lines, int partitions, Duration timeout)
      throws Exception {
    String a = hostedTopic(kafka, "ceiling_a_p" + partitions, partitions, timeout);
    String b = hostedTopic(kafka, "ceiling_b_p" + partitions, partitions, timeout);
    long n = lines.size();
    long bytes = lines.stream().mapToLong(l -> l.length).sum();
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    Callback onAck =
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        };
    CountDownLatch ready = new CountDownLatch(2);
    ExecutorService threads =
        Executors.newFixedThreadPool(2, r -> new Thread(r, "ceiling-" + partitions));
    try {
      Future<?> relay =
          threads.submit(
              () -> {
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, a);
                    KafkaProducer<byte[], byte[]> producer = producer(kafka, b)) {
                  ready.countDown();
                  long copied = 0;
                  while (copied < n && !stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                      producer.send(new ProducerRecord<>(b, r.key(), r.value()), onAck);
                      copied++;
                    }
                  }
                  producer.flush();
                }
                return null;
              });
      Future<Long> drain =
          threads.submit(
              () -> {
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, b)) {
                  ready.countDown();
                  long seen = 0;
                  while (seen < n && !stop.get()) {
                    seen += consumer.poll(POLL).count();
                  }
                  return System.nanoTime();
                }
              });
      if (!ready.await(CLIENT_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the ceiling's consumers did not start");
      }

      long t0 = System.nanoTime();
      long producedAt;
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka, a)) {
        for (byte[] line : lines) {
          producer.send(new ProducerRecord<>(a, null, line), onAck);
        }
        producer.flush();
        producedAt = System.nanoTime();
      }
      long done;
      try {
        done = drain.get(timeout.toSeconds(), TimeUnit.SECONDS);
        relay.get(timeout.toSeconds(), TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(
            "the ceiling chain did not finish within " + timeout.toSeconds() + " s", e);
      }
      if (failure.get() != null) {
        throw new IllegalStateException(
            "a ceiling produce failed: " + failure.get(), failure.get());
      }
      Duration chain = Duration.ofNanos(done - t0);
      Duration produced = Duration.ofNanos(producedAt - t0);
      stop.set(true);
      return new Result(
          partitions,
          n,
          bytes,
          chain,
          produced,
          hopsOneAfterAnother(kafka, lines, partitions, timeout));
    } finally {
      stop.set(true);
      threads.shutdown();
      threads.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  /**
   * Produce to A', relay A' to B', consume B': each hop alone, timed from its start to its last
   * record.
   */
  private static List<Duration> hopsOneAfterAnother(
      EmbeddedKafka kafka, List<byte[]> lines, int partitions, Duration timeout) throws Exception {
    String a = hostedTopic(kafka, "ceiling_hop_a_p" + partitions, partitions, timeout);
    String b = hostedTopic(kafka, "ceiling_hop_b_p" + partitions, partitions, timeout);
    long n = lines.size();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onAck =
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        };
    long deadline = System.nanoTime() + timeout.toNanos();

    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka, a)) {
      for (byte[] line : lines) {
        producer.send(new ProducerRecord<>(a, null, line), onAck);
      }
      producer.flush();
    }
    Duration produce = Duration.ofNanos(System.nanoTime() - t0);

    // Clients are created before each timed hop, as the chain's were before its start.
    Duration relay;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, a);
        KafkaProducer<byte[], byte[]> producer = producer(kafka, b)) {
      long t1 = System.nanoTime();
      long copied = 0;
      while (copied < n) {
        requireBefore(deadline, "the relay hop");
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          producer.send(new ProducerRecord<>(b, r.key(), r.value()), onAck);
          copied++;
        }
      }
      producer.flush();
      relay = Duration.ofNanos(System.nanoTime() - t1);
    }

    Duration consume;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, b)) {
      long t2 = System.nanoTime();
      long seen = 0;
      while (seen < n) {
        requireBefore(deadline, "the consume hop");
        seen += consumer.poll(POLL).count();
      }
      consume = Duration.ofNanos(System.nanoTime() - t2);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a ceiling produce failed: " + failure.get(), failure.get());
    }
    return List.of(produce, relay, consume);
  }

  private static void requireBefore(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(what + " of the ceiling did not finish in time");
    }
  }

  /** Creates {@code topic} and waits until it is hosted; returns its name. */
  private static String hostedTopic(
      EmbeddedKafka kafka, String topic, int partitions, Duration timeout)
      throws InterruptedException {
    kafka.createTopic(topic, partitions);
    awaitHosted(kafka, topic, partitions, timeout);
    return topic;
  }

  /**
   * Waits until every partition of a new topic answers at its leader: an idempotent producer whose
   * first batch reaches a partition not yet hosted was seen to stall (the reason ingest's
   * LineProducer does the same).
   */
  private static void awaitHosted(
      EmbeddedKafka kafka, String topic, int partitions, Duration timeout)
      throws InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try (Admin admin = kafka.admin()) {
      Waits.until(
          "topic " + topic + " hosted",
          timeout,
          () -> {
            try {
              admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
              return true;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
              return false;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          },
          () -> "waiting for the partition leaders");
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka, String topic) {
    Properties p =
        ProducerSettings.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .build()
            .toProperties();
    p.put("client.id", "ceiling-producer-" + topic);
    return new KafkaProducer<>(p);
  }

  /** A consumer reading every partition of {@code topic} from the start, without a group. */
  private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ceiling-consumer-" + topic);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
