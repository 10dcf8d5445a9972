package io.logpipe.analytics.table;

import io.logpipe.analytics.AnalyticsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/** Which snapshot a run reads: the current one, or the one {@code --as-of} names. */
final class Snapshots {

  private Snapshots() {}

  static Snapshot resolve(Table table, Optional<TableSpec.AsOf> asOf, String where) {
    if (asOf.isEmpty()) {
      Snapshot current = table.currentSnapshot();
      if (current == null) {
        throw new AnalyticsException(
            "the Iceberg table " + where + " has no snapshot yet: the sink has committed no rows");
      }
      return current;
    }
    List<HistoryEntry> history = table.history();
    if (asOf.get() instanceof TableSpec.SnapshotId id) {
      Snapshot s = table.snapshot(id.id());
      if (s == null) {
        throw new AnalyticsException(
            "--as-of "
                + id.id()
                + ": the Iceberg table "
                + where
                + " has no such snapshot; its snapshots, oldest first: "
                + describe(history));
      }
      return s;
    }
    Instant at = ((TableSpec.Timestamp) asOf.get()).at();
    // The snapshot that was current at that instant: the newest history entry not after it.
    HistoryEntry found = null;
    for (HistoryEntry e : history) {
      if (e.timestampMillis() <= at.toEpochMilli()) {
        found = e;
      }
    }
    if (found == null) {
      throw new AnalyticsException(
          "--as-of "
              + at
              + " is before the Iceberg table "
              + where
              + " had any snapshot"
              + (history.isEmpty()
                  ? " (it has none)"
                  : "; its first is "
                      + history.get(0).snapshotId()
                      + " at "
                      + Instant.ofEpochMilli(history.get(0).timestampMillis())));
    }
    return table.snapshot(found.snapshotId());
  }

  private static String describe(List<HistoryEntry> history) {
    if (history.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    int from = Math.max(0, history.size() - 10);
    if (from > 0) {
      b.append("… ");
    }
    for (int i = from; i < history.size(); i++) {
      HistoryEntry e = history.get(i);
      b.append(i > from ? ", " : "")
          .append(e.snapshotId())
          .append(" at ")
          .append(Instant.ofEpochMilli(e.timestampMillis()));
    }
    return b.toString();
  }
}
