package io.logpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three KRaft nodes in this JVM: replication, a node's failure and return, transactions. */
class EmbeddedKafkaClusterIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startCluster() {
    kafka = EmbeddedKafka.startCluster(3);
    System.out.printf("3-node EmbeddedKafka start-up: %d ms%n", kafka.startupTime().toMillis());
  }

  @AfterAll
  static void stopCluster() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyTopicItCreatesHasThreeReplicasAndNeedsTwoInSync() throws Exception {
    assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
    kafka.createTopic("replicated", 4);
    try (Admin admin = kafka.admin()) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
      TopicDescription topic = describe(admin, "replicated");
      assertThat(topic.partitions()).hasSize(4);
      for (TopicPartitionInfo p : topic.partitions()) {
        assertThat(p.replicas()).as("replicas of %s", p).hasSize(3);
      }
      assertThat(minIsr(admin, "replicated")).isEqualTo("2");
    }
  }

  @Test
  void acksAllProduceGoesOnThroughANodesStopAndRestart() throws Exception {
    String topic = "through-a-failure";
    kafka.createTopic(topic, 3);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicLong sent = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread producing =
        new Thread(() -> produceUntilStopped(topic, running, sent, acknowledged, failure));
    producing.start();
    try {
      Await.until(DEADLINE, "first acknowledged records", () -> acknowledged.size() >= 200);
      int victim = leaderOf(topic, 0);
      kafka.killNode(victim);
      assertThat(kafka.isRunning(victim)).isFalse();
      long atStop = acknowledged.size();
      // Partition 0's leader is gone: min ISR 2 of the 2 that are left still accepts acks=all.
      Await.until(
          DEADLINE,
          "acknowledged records with node " + victim + " down",
          () -> acknowledged.size() >= atStop + 500);
      int leader = Await.until(DEADLINE, "a new leader", () -> leaderOf(topic, 0), l -> l > 0);
      assertThat(leader).isNotEqualTo(victim);
      Duration back = kafka.restartNode(victim);
      System.out.printf("node %d back in %d ms%n", victim, back.toMillis());
      Await.until(
          DEADLINE,
          "node " + victim + " in sync again on every partition",
          () -> inSyncEverywhere(topic, victim));
      long atRestart = acknowledged.size();
      Await.until(
          DEADLINE,
          "acknowledged records after the restart",
          () -> acknowledged.size() >= atRestart + 200);
    } finally {
      running.set(false);
      producing.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(failure.get()).as("a send failed").isNull();

    List<String> read = new ArrayList<>();
    TopicReader.readAll(
        kafka.bootstrapServers(), topic, DEADLINE, r -> read.add(new String(r.value())));
    assertThat(new HashSet<>(read))
        .as("every acknowledged record is there")
        .containsAll(acknowledged);
    assertThat(read).as("and none twice").doesNotHaveDuplicates();
  }

  @Test
  void transactionsCommitAndAbortWithANodeDown() throws Exception {
    String topic = "transactional";
    kafka.createTopic(topic, 2);
    kafka.stopNode(2);
    try {
      try (KafkaProducer<String, String> producer =
          producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cluster-it-tx"))) {
        producer.initTransactions();
        for (int tx = 0; tx < 10; tx++) {
          producer.beginTransaction();
          for (int i = 0; i < 50; i++) {
            String value = (tx % 3 == 2 ? "aborted-" : "committed-") + tx + "-" + i;
            producer.send(new ProducerRecord<>(topic, value, value));
          }
          if (tx % 3 == 2) {
            producer.abortTransaction();
          } else {
            producer.commitTransaction();
          }
        }
      }
      List<String> read = new ArrayList<>();
      TopicReader.readAll(
          kafka.bootstrapServers(), topic, DEADLINE, r -> read.add(new String(r.value())));
      assertThat(read).hasSize(7 * 50).allMatch(v -> v.startsWith("committed-"));
      try (Admin admin = kafka.admin()) {
        assertThat(describe(admin, "__transaction_state").partitions())
            .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        assertThat(minIsr(admin, "__transaction_state")).isEqualTo("2");
      }
    } finally {
      kafka.restartNode(2);
    }
    // Consumer groups' offsets are replicated the same way.
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                "cluster-it",
                "key.deserializer",
                org.apache.kafka.common.serialization.StringDeserializer.class,
                "value.deserializer",
                org.apache.kafka.common.serialization.StringDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      Await.until(
          DEADLINE,
          "an assignment",
          () -> {
            consumer.poll(Duration.ofMillis(200));
            return !consumer.assignment().isEmpty();
          });
      consumer.commitSync();
    }
    try (Admin admin = kafka.admin()) {
      assertThat(describe(admin, "__consumer_offsets").partitions())
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
    }
  }

  private static void produceUntilStopped(
      String topic,
      AtomicBoolean running,
      AtomicLong sent,
      Set<String> acknowledged,
      AtomicReference<Exception> failure) {
    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000"))) {
      while (running.get()) {
        String value = "r-" + sent.getAndIncrement();
        producer.send(
            new ProducerRecord<>(topic, value, value),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else {
                acknowledged.add(value);
              }
            });
        if (sent.get() % 100 == 0) {
          producer.flush(); // a steady rate rather than as fast as the buffer fills
        }
      }
      producer.flush();
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
  }

  private static KafkaProducer<String, String> producer(Map<String, String> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putAll(extra);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic);
  }

  private static String minIsr(Admin admin, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin
        .describeConfigs(List.of(r))
        .all()
        .get(30, TimeUnit.SECONDS)
        .get(r)
        .get("min.insync.replicas")
        .value();
  }

  private static int leaderOf(String topic, int partition) throws Exception {
    try (Admin admin = kafka.admin()) {
      var leader = describe(admin, topic).partitions().get(partition).leader();
      return leader == null || leader.isEmpty() ? -1 : leader.id();
    }
  }

  private static boolean inSyncEverywhere(String topic, int node) throws Exception {
    try (Admin admin = kafka.admin()) {
      return describe(admin, topic).partitions().stream()
          .allMatch(p -> p.isr().stream().anyMatch(n -> n.id() == node));
    }
  }
}
