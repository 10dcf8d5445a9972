package io.logpipe.sink.recovery;

import java.util.List;

/**
 * What to do to bring one Kafka partition's part of the lake to a consistent state, and where to
 * resume.
 *
 * @param resumeOffset next offset to read; -1 when the lake holds nothing for the partition
 * @param maxEventMicros highest event time committed by the latest commit, -1 if unknown
 * @param rollForward renames (temp to visible) that complete commits whose manifest exists
 * @param discardTemps temp files of incomplete commits (no manifest): deleted, their records
 *     re-read
 * @param obsoleteManifests manifests older than the latest one, deleted once the renames are done
 * @param missingFiles committed files found nowhere: the lake was damaged from outside; recovery
 *     stops
 */
public record RecoveryPlan(
    long resumeOffset,
    long maxEventMicros,
    List<Rename> rollForward,
    List<String> discardTemps,
    List<String> obsoleteManifests,
    List<String> missingFiles) {

  /** Moves a hidden temp file to its visible name. */
  public record Rename(String temp, String target) {}

  public RecoveryPlan {
    rollForward = List.copyOf(rollForward);
    discardTemps = List.copyOf(discardTemps);
    obsoleteManifests = List.copyOf(obsoleteManifests);
    missingFiles = List.copyOf(missingFiles);
  }
}
