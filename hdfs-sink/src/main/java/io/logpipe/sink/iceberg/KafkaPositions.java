package io.logpipe.sink.iceberg;

import io.logpipe.sink.consumer.GroupExit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Iceberg mode asks of its consumer besides polling: moving a partition to the offset the
 * table holds, its lag, the Kafka offsets committed after the table (for lag monitoring only), and
 * leaving the group.
 */
final class KafkaPositions {

  private static final Logger log = LoggerFactory.getLogger(KafkaPositions.class);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;

  KafkaPositions(Consumer<byte[], byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /** Moves {@code partition}, when assigned, to {@code offset} (empty: its beginning). */
  void seek(int partition, OptionalLong offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    if (!consumer.assignment().contains(tp)) {
      return;
    }
    if (offset.isPresent()) {
      consumer.seek(tp, offset.getAsLong());
    } else {
      consumer.seekToBeginning(List.of(tp));
    }
  }

  /** Whether {@code partition} has read everything there is (lag 0). */
  boolean caughtUp(int partition) {
    OptionalLong lag = consumer.currentLag(new TopicPartition(topic, partition));
    return lag.isPresent() && lag.getAsLong() == 0;
  }

  int assigned() {
    return consumer.assignment().size();
  }

  void commitKafkaOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets);
    } catch (KafkaException e) {
      // A convenience for lag monitoring: the table holds the offsets the sink resumes from.
      log.debug("Committing Kafka offsets {} failed: {}", offsets, e.toString());
    }
  }

  /** Closes the consumer, leaving the group so that its partitions move on at once. */
  void close() {
    GroupExit.close(consumer);
  }
}
