package io.logpipe.processor.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitioner of the by-status repartition topic: a partial count goes to the partition of its status (the
 * producer's default partitioning of the key, as without this partitioner), a stream-time report to every
 * partition, so that each final-count task hears every raw partition, including the ones whose events carry none
 * of its statuses, and can take the minimum over all of them.
 */
final class StreamTimeBroadcast implements StreamPartitioner<Integer, PartialCount> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, Integer key, PartialCount value, int numPartitions) {
    if (value == null || !value.isStreamTimeOnly()) {
      return Optional.empty();
    }
    return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
  }
}
