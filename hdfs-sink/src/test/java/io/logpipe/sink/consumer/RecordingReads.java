package io.logpipe.sink.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link PartitionReads} that remembers what the roles asked: positions, pauses and acknowledged
 * offsets.
 */
final class RecordingReads implements PartitionReads {

  record Ack(TopicPartition tp, long offset, boolean sync) {}

  final Map<TopicPartition, Long> positions = new HashMap<>();
  final Set<TopicPartition> paused = new HashSet<>();
  final List<Ack> acks = new ArrayList<>();

  /** Partitions that have read everything there is (none unless a test says so). */
  final Set<TopicPartition> caughtUp = new HashSet<>();

  /**
   * Runs as each offset is acknowledged, before it is recorded: what the lake holds at that moment.
   */
  Runnable onAcknowledge = () -> {};

  @Override
  public void seek(TopicPartition tp, long offset) {
    positions.put(tp, offset);
  }

  @Override
  public void pause(TopicPartition tp) {
    paused.add(tp);
  }

  @Override
  public void resume(TopicPartition tp) {
    paused.remove(tp);
  }

  @Override
  public void acknowledge(TopicPartition tp, long offset, boolean sync) {
    onAcknowledge.run();
    acks.add(new Ack(tp, offset, sync));
  }

  @Override
  public boolean caughtUp(TopicPartition tp) {
    return caughtUp.contains(tp);
  }

  @Override
  public long lag(Collection<TopicPartition> partitions) {
    return 0;
  }
}
