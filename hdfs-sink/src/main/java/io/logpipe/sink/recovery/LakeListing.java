package io.logpipe.sink.recovery;

import io.logpipe.sink.commit.CommitManifest;
import java.util.List;
import java.util.Set;

/**
 * What the lake holds for one Kafka partition, as seen by a recovery: paths are relative to {@code
 * <lake>/curated}.
 *
 * @param topic Kafka topic
 * @param partition Kafka partition
 * @param manifests committed manifests found in the partition's log directory, with the offset in
 *     each name
 * @param tempFiles every file in the partition's temp area
 * @param existingTargets the manifests' target files that exist (visible)
 */
public record LakeListing(
    String topic,
    int partition,
    List<NamedManifest> manifests,
    Set<String> tempFiles,
    Set<String> existingTargets) {

  /** A manifest and the start offset its file name claims. */
  public record NamedManifest(long nameFrom, String path, CommitManifest manifest) {}

  public LakeListing {
    manifests = List.copyOf(manifests);
    tempFiles = Set.copyOf(tempFiles);
    existingTargets = Set.copyOf(existingTargets);
  }
}
