package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the polling thread knows of each partition it holds: its open batch, the offset the table
 * holds for it, and whether it was moved (sought) since the rows in hand were polled. Only the
 * polling thread uses it.
 */
final class PartitionStates {

  private final DataFileWriters dataFiles;
  private final String topic;
  private final CommitInFlight commits;
  private final KafkaPositions positions;
  private final Map<Integer, PartitionBatch> batches = new HashMap<>();
  private final Map<Integer, OptionalLong> committed = new HashMap<>();
  private final Set<Integer> repositioned = new HashSet<>();

  PartitionStates(
      DataFileWriters dataFiles, String topic, CommitInFlight commits, KafkaPositions positions) {
    this.dataFiles = dataFiles;
    this.topic = topic;
    this.commits = commits;
    this.positions = positions;
  }

  /** The open batch of {@code partition}, started now if it has none. */
  PartitionBatch batch(int partition, Instant now) {
    return batches.computeIfAbsent(
        partition, p -> new PartitionBatch(dataFiles, topic, p, base(p), now));
  }

  /** The offset a new batch of {@code partition} continues from: after the one in flight. */
  private OptionalLong base(int partition) {
    OptionalLong inFlight = commits.end(partition);
    return inFlight.isPresent()
        ? inFlight
        : committed.getOrDefault(partition, OptionalLong.empty());
  }

  Collection<PartitionBatch> open() {
    return batches.values();
  }

  /** The partitions with an open batch. */
  List<Integer> withBatches() {
    return new ArrayList<>(batches.keySet());
  }

  /** Takes the batches of {@code partitions} out for a commit; empty ones are dropped. */
  List<PartitionBatch> seal(Collection<Integer> partitions) {
    List<PartitionBatch> sealed = new ArrayList<>();
    for (Integer p : partitions) {
      PartitionBatch b = batches.remove(p);
      if (b != null && !b.isEmpty()) {
        sealed.add(b);
      }
    }
    return sealed;
  }

  /** Drops the open batches of {@code partitions}, deleting their files. */
  void discard(Collection<Integer> partitions) {
    for (Integer p : partitions) {
      PartitionBatch b = batches.remove(p);
      if (b != null) {
        b.discard();
      }
    }
  }

  /** The table holds {@code offset} for {@code partition}, and reading goes on from there. */
  void committed(int partition, long offset) {
    committed.put(partition, OptionalLong.of(offset));
  }

  OptionalLong committed(int partition) {
    return committed.getOrDefault(partition, OptionalLong.empty());
  }

  /** Reading of {@code partition} restarts from the table's {@code offset} (empty: the start). */
  void resume(int partition, OptionalLong offset) {
    committed.put(partition, offset);
    repositioned.add(partition);
    positions.seek(partition, offset);
  }

  /** Whether {@code partition} was moved since {@link #polled()}. */
  boolean repositioned(int partition) {
    return repositioned.contains(partition);
  }

  boolean anyRepositioned() {
    return !repositioned.isEmpty();
  }

  /** The rows in hand were polled at the partitions' current positions. */
  void polled() {
    repositioned.clear();
  }

  /** The offsets of the held partitions {@code batches} do not cover, to repeat in the commit. */
  Map<Integer, Long> carried(List<PartitionBatch> sealed) {
    Map<Integer, Long> carried = new HashMap<>();
    committed.forEach((p, offset) -> offset.ifPresent(o -> carried.put(p, o)));
    sealed.forEach(b -> carried.remove(b.partition()));
    return carried;
  }

  /** Hours with rows not yet in the table: open batches' and the commit in flight's. */
  Set<HourPartition> heldHours() {
    Set<HourPartition> held = new HashSet<>();
    for (PartitionBatch b : batches.values()) {
      held.addAll(b.rowsPerHour().keySet());
    }
    for (PartitionBatch b : commits.sealed()) {
      held.addAll(b.rowsPerHour().keySet());
    }
    return held;
  }

  /** {@code partition} is no longer held. */
  void forget(int partition) {
    committed.remove(partition);
  }
}
