package io.logpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.embedded.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class TopicReaderIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void readsEveryCommittedRecordOfEveryPartitionToTheEndOffsets(EmbeddedKafka kafka) {
    kafka.createTopic("reader-to-end", 3);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "topic-reader-it");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 30; i++) {
        producer.send(new ProducerRecord<>("reader-to-end", i % 3, null, "committed-" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("reader-to-end", 0, null, "aborted"));
      producer.flush();
      producer.abortTransaction();
    }
    List<String> values = new ArrayList<>();
    long count =
        TopicReader.readAll(
            kafka.bootstrapServers(),
            "reader-to-end",
            DEADLINE,
            r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
    assertThat(count).isEqualTo(30);
    assertThat(values).hasSize(30).allMatch(v -> v.startsWith("committed-"));
  }

  @Test
  void aMissingTopicReadsAsEmpty(EmbeddedKafka kafka) {
    assertThat(TopicReader.readAll(kafka.bootstrapServers(), "no-such-topic", DEADLINE, r -> {}))
        .isZero();
    try (var reader = TopicReader.bytes(kafka.bootstrapServers(), "no-such-topic")) {
      assertThat(reader.topicExists()).isFalse();
      assertThat(reader.endOffsets()).isEmpty();
    }
  }

  @Test
  void recordsAreKeptFromATopicCreatedAfterTheReaderStarted(EmbeddedKafka kafka) throws Exception {
    try (var records = TopicRecords.bytes(kafka.bootstrapServers(), "reader-later")) {
      assertThat(records.poll()).isEmpty();
      kafka.createTopic("reader-later", 2);
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("reader-later", "k", "v" + i));
        }
      }
      List<ConsumerRecord<byte[], byte[]>> read = records.readAtLeast(10, DEADLINE);
      assertThat(read).hasSize(10);
      assertThat(records.drain(Duration.ofMillis(300))).as("nothing beyond the ten").hasSize(10);
    }
  }

  @Test
  void tooFewRecordsFailAtTheDeadlineNamingTheTopic(EmbeddedKafka kafka) {
    try (var records = TopicRecords.bytes(kafka.bootstrapServers(), "never-created")) {
      assertThatThrownBy(() -> records.readAtLeast(1, Duration.ofMillis(500)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Only 0 of 1 records of never-created (the topic does not exist)");
    }
  }
}
