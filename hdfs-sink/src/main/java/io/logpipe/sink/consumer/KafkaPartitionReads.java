package io.logpipe.sink.consumer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PartitionReads} on the sink's Kafka consumer; used on the polling thread only. */
final class KafkaPartitionReads implements PartitionReads {

  private static final Logger log = LoggerFactory.getLogger(KafkaPartitionReads.class);

  private final Consumer<byte[], byte[]> consumer;

  KafkaPartitionReads(Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  @Override
  public void seek(TopicPartition tp, long offset) {
    if (offset >= 0) {
      consumer.seek(tp, offset);
    } else {
      consumer.seekToBeginning(List.of(tp));
    }
  }

  @Override
  public void pause(TopicPartition tp) {
    consumer.pause(List.of(tp));
  }

  @Override
  public void resume(TopicPartition tp) {
    consumer.resume(List.of(tp));
  }

  @Override
  public void acknowledge(TopicPartition tp, long offset, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(tp, new OffsetAndMetadata(offset));
    try {
      if (sync) {
        consumer.commitSync(offsets);
      } else {
        consumer.commitAsync(
            offsets,
            (o, e) -> {
              if (e != null) {
                log.debug("Kafka offset commit failed (informational only): {}", e.toString());
              }
            });
      }
    } catch (RuntimeException e) {
      log.debug("Kafka offset commit failed (informational only): {}", e.toString());
    }
  }

  @Override
  public boolean caughtUp(TopicPartition tp) {
    java.util.OptionalLong lag = consumer.currentLag(tp);
    return lag.isPresent() && lag.getAsLong() == 0;
  }

  @Override
  public long lag(Collection<TopicPartition> partitions) {
    long lag = 0;
    for (TopicPartition tp : partitions) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    return lag;
  }
}
