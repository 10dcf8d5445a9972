package io.logpipe.sink.recovery;

import io.logpipe.sink.commit.BatchCommitter;
import io.logpipe.sink.commit.CommitManifest;
import io.logpipe.sink.commit.MissingCommittedFileException;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.layout.LakeLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists what the lake holds for a Kafka partition, plans with {@link RecoveryPlanner} and carries
 * the plan out. Temp files are deleted without being opened, so a truncated or corrupt one never
 * blocks a restart.
 */
public final class LakeRecovery {

  private static final Logger log = LoggerFactory.getLogger(LakeRecovery.class);

  private final FileSystem fs;
  private final LakeLayout layout;
  private final BatchCommitter committer;
  private final FsRetry retry;

  public LakeRecovery(FileSystem fs, LakeLayout layout, BatchCommitter committer, FsRetry retry) {
    this.fs = fs;
    this.layout = layout;
    this.committer = committer;
    this.retry = retry;
  }

  /**
   * Recovers one partition and returns the plan that was carried out (its resume offset is where to
   * seek).
   */
  public RecoveryPlan recover(String topic, int partition) {
    LakeListing listing =
        retry.call("list the lake for " + topic + "-" + partition, () -> list(topic, partition));
    RecoveryPlan plan = RecoveryPlanner.plan(listing);
    if (!plan.missingFiles().isEmpty()) {
      throw new io.logpipe.sink.fs.SinkStorageException(
          "Committed files of "
              + topic
              + "-"
              + partition
              + " are missing from the lake (deleted from outside the sink?): "
              + plan.missingFiles(),
          new MissingCommittedFileException(plan.missingFiles().toString()));
    }
    for (RecoveryPlan.Rename r : plan.rollForward()) {
      retry.call(
          "roll forward " + r.target(),
          () -> {
            committer.publishOne(committer.absolute(r.temp()), committer.absolute(r.target()));
            return null;
          });
    }
    for (String t : plan.discardTemps()) {
      retry.call("discard temp file " + t, () -> fs.delete(committer.absolute(t), false));
    }
    for (String m : plan.obsoleteManifests()) {
      retry.call("delete old manifest " + m, () -> fs.delete(new Path(m), false));
    }
    if (!plan.rollForward().isEmpty() || !plan.discardTemps().isEmpty()) {
      log.info(
          "Recovered {}-{}: rolled forward {} file(s), discarded {} temp file(s), resuming at offset {}",
          topic,
          partition,
          plan.rollForward().size(),
          plan.discardTemps().size(),
          plan.resumeOffset());
    }
    return plan;
  }

  LakeListing list(String topic, int partition) throws IOException {
    List<LakeListing.NamedManifest> manifests = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    Path logDir = layout.logDir(topic, partition);
    if (fs.exists(logDir)) {
      for (FileStatus st : fs.listStatus(logDir)) {
        long from = LakeLayout.manifestFrom(st.getPath().getName());
        if (from < 0) {
          continue;
        }
        CommitManifest m = committer.read(st.getPath());
        manifests.add(new LakeListing.NamedManifest(from, st.getPath().toString(), m));
        for (CommitManifest.CommitFile f : m.files()) {
          if (fs.exists(committer.absolute(f.target()))) {
            targets.add(f.target());
          }
        }
      }
    }
    Set<String> temps = new HashSet<>();
    Path tempDir = layout.tempDir(topic, partition);
    if (fs.exists(tempDir)) {
      String base = layout.curated().toUri().getPath();
      for (FileStatus st : fs.listStatus(tempDir)) {
        temps.add(st.getPath().toUri().getPath().substring(base.length() + 1));
      }
    }
    return new LakeListing(topic, partition, manifests, temps, targets);
  }
}
