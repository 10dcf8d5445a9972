package io.logpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.testkit.ListeningSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void hundredThousandRecordsComeBackInOrderPerPartition(EmbeddedKafka kafka) {
    System.out.printf("EmbeddedKafka start-up: %d ms%n", kafka.startupTime().toMillis());
    String topic = "ordered";
    int partitions = 3;
    int records = 100_000;
    kafka.createTopic(topic, partitions);

    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (var producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        // Value carries the global sequence number; each partition must return a rising
        // subsequence.
        byte[] value = ByteBuffer.allocate(Integer.BYTES).putInt(i).array();
        producer.send(new ProducerRecord<>(topic, i % partitions, null, value));
      }
      producer.flush();
    }

    Map<Integer, List<Integer>> seen = new HashMap<>();
    int total = 0;
    try (var consumer =
        new KafkaConsumer<>(
            consumerProps(kafka, "read_uncommitted"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (total < records && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          seen.computeIfAbsent(r.partition(), k -> new ArrayList<>())
              .add(ByteBuffer.wrap(r.value()).getInt());
          total++;
        }
      }
    }

    assertThat(total).isEqualTo(records);
    for (int p = 0; p < partitions; p++) {
      List<Integer> values = seen.get(p);
      assertThat(values).hasSize(records / partitions + (p < records % partitions ? 1 : 0));
      for (int i = 0; i < values.size(); i++) {
        assertThat(values.get(i)).isEqualTo(i * partitions + p);
      }
    }
  }

  @Test
  void readCommittedConsumerSeesCommittedAndNotAbortedTransactions(EmbeddedKafka kafka) {
    String topic = "tx-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);

    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-tx");
    try (var producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "committed-1"));
      producer.send(new ProducerRecord<>(topic, "committed-2"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "aborted-1"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "committed-3"));
      producer.commitTransaction();
    }

    assertThat(readAll(kafka, topic, "read_committed", 3))
        .containsExactly("committed-1", "committed-2", "committed-3");
    // The aborted record is in the log: an uncommitted reader sees it, which proves the abort was
    // real.
    assertThat(readAll(kafka, topic, "read_uncommitted", 4))
        .containsExactly("committed-1", "committed-2", "aborted-1", "committed-3");
  }

  private static List<String> readAll(
      EmbeddedKafka kafka, String topic, String isolation, int expected) {
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            consumerProps(kafka, isolation), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      // Read to the end offset, so that a record arriving beyond `expected` would be seen too.
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    assertThat(values)
        .as("records read with %s", isolation)
        .hasSizeGreaterThanOrEqualTo(Math.min(expected, 1));
    return values;
  }

  private static Properties consumerProps(EmbeddedKafka kafka, String isolation) {
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return cp;
  }

  @Test
  void listensOnLoopbackOnly(EmbeddedKafka kafka) {
    List<ListeningSockets.Socket> sockets = ListeningSockets.ofThisProcess();
    assertThat(sockets).as("the broker and controller listen").isNotEmpty();
    assertThat(sockets)
        .allSatisfy(s -> assertThat(s.onLoopback()).as("%s is on loopback", s).isTrue());
  }
}
