package io.logpipe.sink.iceberg;

import java.util.OptionalLong;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;

/**
 * The Kafka offsets a table's snapshots carry. Each commit's summary holds, for every partition it
 * covers, the offset the next record of that partition has ({@code end}, exclusive), under {@link
 * #key}; a partition's committed offset is the one in the newest snapshot of the main branch's
 * history that has its key. A commit also carries a unique {@link #COMMIT_ID}, so that a commit
 * whose outcome is unknown (a lost answer) can be looked up.
 */
public final class TableOffsets {

  private TableOffsets() {}

  static final String PREFIX = "logpipe.kafka.offset/";

  /** Summary key of a commit's id, unique per attempted commit. */
  public static final String COMMIT_ID = "logpipe.commit-id";

  /**
   * Summary key of the end offset of {@code topic}'s {@code partition} as committed by consumer
   * group {@code group}: {@code logpipe.kafka.offset/<group>/<topic>/<partition>}.
   */
  public static String key(String group, String topic, int partition) {
    return PREFIX + group + "/" + topic + "/" + partition;
  }

  /** The committed end offset under {@code key} in {@code metadata}'s history; empty if none. */
  public static OptionalLong committed(TableMetadata metadata, String key) {
    for (Snapshot s = metadata.currentSnapshot();
        s != null;
        s = s.parentId() == null ? null : metadata.snapshot(s.parentId())) {
      String v = s.summary().get(key);
      if (v != null) {
        return OptionalLong.of(Long.parseLong(v));
      }
    }
    return OptionalLong.empty();
  }

  /** Whether a snapshot of {@code metadata}'s main history carries commit id {@code commitId}. */
  static boolean hasCommit(TableMetadata metadata, String commitId) {
    for (Snapshot s = metadata.currentSnapshot();
        s != null;
        s = s.parentId() == null ? null : metadata.snapshot(s.parentId())) {
      if (commitId.equals(s.summary().get(COMMIT_ID))) {
        return true;
      }
    }
    return false;
  }
}
