package io.logpipe.processor.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Places the repartitioned count messages: a partial count where its status key hashes to (the
 * producer's default partitioning, as before progress reports existed), a progress report on every
 * partition.
 */
final class CountPartitioner implements StreamPartitioner<Integer, CountMessage> {

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, Integer key, CountMessage value, int numPartitions) {
    if (value instanceof PartitionProgress) {
      return Optional.of(
          IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
    return Optional.empty(); // the default partitioner, by key
  }
}
