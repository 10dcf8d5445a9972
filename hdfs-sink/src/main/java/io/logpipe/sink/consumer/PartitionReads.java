package io.logpipe.sink.consumer;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * What the loop's roles ask of the Kafka consumer: where each partition is read from, whether it is
 * read now, and the offsets acknowledged after the lake (for monitoring only: the lake records the
 * progress).
 */
interface PartitionReads {

  /** Reads {@code tp} from {@code offset} next; a negative offset means from the beginning. */
  void seek(TopicPartition tp, long offset);

  void pause(TopicPartition tp);

  void resume(TopicPartition tp);

  /** Commits {@code offset} of {@code tp} to Kafka; a failure is logged only. */
  void acknowledge(TopicPartition tp, long offset, boolean sync);

  /**
   * Whether {@code tp} has read every record there is, as far as the last fetch knows; false when
   * unknown.
   */
  boolean caughtUp(TopicPartition tp);

  /** Records not yet read in {@code partitions}. */
  long lag(Collection<TopicPartition> partitions);
}
