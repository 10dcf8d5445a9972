package io.logpipe.sink.recovery;

import io.logpipe.sink.commit.CommitManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, from a {@link LakeListing} alone, how to recover one Kafka partition: every manifest
 * present is a complete commit (it was renamed into place only after all its files were closed), so
 * its files are rolled forward; every other temp file belongs to a commit that never happened and
 * is discarded. The resume offset is the highest {@code to} of the manifests. Pure function: no
 * I/O.
 */
public final class RecoveryPlanner {

  private RecoveryPlanner() {}

  public static RecoveryPlan plan(LakeListing listing) {
    List<LakeListing.NamedManifest> manifests = new ArrayList<>(listing.manifests());
    manifests.sort(Comparator.comparingLong(LakeListing.NamedManifest::nameFrom));
    long resume = -1;
    long maxEvent = -1;
    List<RecoveryPlan.Rename> renames = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Set<String> kept = new HashSet<>();
    for (LakeListing.NamedManifest nm : manifests) {
      CommitManifest m = nm.manifest();
      if (m.from() != nm.nameFrom()
          || m.partition() != listing.partition()
          || !m.topic().equals(listing.topic())) {
        throw new IllegalStateException(
            "Manifest "
                + nm.path()
                + " describes "
                + m.topic()
                + "-"
                + m.partition()
                + " from "
                + m.from()
                + ", which does not match its location: the sink's log area was altered");
      }
      for (CommitManifest.CommitFile f : m.files()) {
        if (listing.existingTargets().contains(f.target())) {
          continue;
        }
        if (listing.tempFiles().contains(f.temp())) {
          renames.add(new RecoveryPlan.Rename(f.temp(), f.target()));
          kept.add(f.temp());
        } else {
          missing.add(f.target());
        }
      }
      if (m.to() >= resume) {
        resume = m.to();
        maxEvent = m.maxEventMicros();
      }
    }
    List<String> discard =
        listing.tempFiles().stream().filter(t -> !kept.contains(t)).sorted().toList();
    List<String> obsolete =
        manifests.size() <= 1
            ? List.of()
            : manifests.subList(0, manifests.size() - 1).stream()
                .map(LakeListing.NamedManifest::path)
                .toList();
    return new RecoveryPlan(resume, maxEvent, renames, discard, obsolete, missing);
  }
}
