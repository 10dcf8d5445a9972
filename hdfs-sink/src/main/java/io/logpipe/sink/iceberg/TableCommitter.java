package io.logpipe.sink.iceberg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits batches of several Kafka partitions as one snapshot whose summary carries each one's end
 * offset ({@link TableOffsets}). The commit is checked against the offsets the batches start from
 * ({@link OffsetGuardedOperations}); a partition that another instance committed meanwhile is
 * <em>fenced</em>: its batch is dropped (its files deleted) and the others are committed without
 * it.
 */
final class TableCommitter {

  private static final Logger log = LoggerFactory.getLogger(TableCommitter.class);

  /** Committed: partition to end offset; fenced: partition to the table's offset for it. */
  record Outcome(Map<Integer, Long> committed, Map<Integer, OptionalLong> fenced, int files) {}

  private final SerialCommits serial;
  private final Table table;
  private final TableOperations ops;
  private final String group;
  private final String topic;

  TableCommitter(Table table, String group, String topic) {
    this(table, group, topic, new SerialCommits());
  }

  /**
   * @param serial the turns this sink's other table commits (marks, rewrites) take too
   */
  TableCommitter(Table table, String group, String topic, SerialCommits serial) {
    this.serial = serial;
    this.table = table;
    this.ops = ((HasTableOperations) table).operations();
    this.group = group;
    this.topic = topic;
  }

  String key(int partition) {
    return TableOffsets.key(group, topic, partition);
  }

  /** The partitions' offsets in the table now, after one refresh. */
  Map<Integer, OptionalLong> stored(Collection<Integer> partitions) {
    TableMetadata now = ops.refresh();
    Map<Integer, OptionalLong> out = new HashMap<>();
    for (Integer p : partitions) {
      out.put(p, TableOffsets.committed(now, key(p)));
    }
    return out;
  }

  /**
   * Closes the batches' files and commits them. Throws on any other failure than a fence; the
   * caller re-reads the batches' partitions from the table. The batches' files are this method's to
   * clean up: deleted after a failed commit, kept after one whose outcome is unknown ({@link
   * CommitOutcomeUnknownException}), since the table may reference them.
   *
   * @param carried offsets of the other partitions this instance holds (no rows this time): the
   *     commit repeats them, so each snapshot has every held partition's offset and expiring older
   *     snapshots loses none; checked like the batches' (one another instance moved is fenced).
   *     With no batches, a snapshot without rows that repeats them alone.
   */
  Outcome commit(List<PartitionBatch> batches, Map<Integer, Long> carried) throws IOException {
    try {
      return attempt(batches, new HashMap<>(carried));
    } catch (CommitOutcomeUnknownException e) {
      batches.forEach(PartitionBatch::abandon);
      throw e;
    } catch (IOException | RuntimeException | Error e) {
      batches.forEach(PartitionBatch::discard);
      throw e;
    }
  }

  /** Commits the batches alone. */
  Outcome commit(List<PartitionBatch> batches) throws IOException {
    return commit(batches, Map.of());
  }

  private Outcome attempt(List<PartitionBatch> batches, Map<Integer, Long> carried)
      throws IOException {
    Map<PartitionBatch, List<DataFile>> files = new HashMap<>();
    for (PartitionBatch b : batches) {
      files.put(b, b.close());
    }
    List<PartitionBatch> remaining = new ArrayList<>(batches);
    Map<Integer, OptionalLong> fenced = new HashMap<>();
    boolean offsetsOnly = batches.isEmpty();
    while (!remaining.isEmpty() || (offsetsOnly && !carried.isEmpty())) {
      String commitId = UUID.randomUUID().toString();
      Map<String, OptionalLong> expected = new HashMap<>();
      for (PartitionBatch b : remaining) {
        expected.put(key(b.partition()), b.committed());
      }
      for (Map.Entry<Integer, Long> c : carried.entrySet()) {
        expected.put(key(c.getKey()), OptionalLong.of(c.getValue()));
      }
      Table guarded = new BaseTable(new OffsetGuardedOperations(ops, expected), table.name());
      AppendFiles append =
          guarded
              .newAppend()
              .writeManifestsWith(InlineExecutor.INSTANCE, 1)
              .scanManifestsWith(InlineExecutor.INSTANCE);
      int fileCount = 0;
      for (PartitionBatch b : remaining) {
        for (DataFile f : files.get(b)) {
          append.appendFile(f);
          fileCount++;
        }
        append.set(key(b.partition()), Long.toString(b.end()));
      }
      carried.forEach((p, offset) -> append.set(key(p), Long.toString(offset)));
      append.set(TableOffsets.COMMIT_ID, commitId);
      try {
        serial.commit(append);
      } catch (OffsetConflictException e) {
        TableMetadata now = ops.refresh();
        List<PartitionBatch> kept = new ArrayList<>();
        for (PartitionBatch b : remaining) {
          OptionalLong stored = TableOffsets.committed(now, key(b.partition()));
          if (stored.equals(b.committed())) {
            kept.add(b);
          } else {
            log.warn(
                "Partition {} is committed up to {} in the table, not {} as its batch expected"
                    + " (another instance, or a commit of this one whose answer was lost):"
                    + " the batch is dropped",
                b.partition(),
                stored,
                b.committed());
            fenced.put(b.partition(), stored);
            b.discard();
          }
        }
        remaining = kept;
        for (var it = carried.entrySet().iterator(); it.hasNext(); ) {
          Map.Entry<Integer, Long> c = it.next();
          OptionalLong stored = TableOffsets.committed(now, key(c.getKey()));
          if (!stored.equals(OptionalLong.of(c.getValue()))) {
            log.warn(
                "Partition {} is committed up to {} in the table, not {} as this instance holds"
                    + " (another instance, or a commit of this one whose answer was lost)",
                c.getKey(),
                stored,
                c.getValue());
            fenced.put(c.getKey(), stored);
            it.remove();
          }
        }
        continue;
      } catch (CommitStateUnknownException e) {
        if (!landed(commitId, e)) {
          throw new CommitOutcomeUnknownException(commitId, e);
        }
        log.info("Commit {} whose outcome was unknown is in the table", commitId);
      }
      Map<Integer, Long> committed = new HashMap<>();
      for (PartitionBatch b : remaining) {
        committed.put(b.partition(), b.end());
      }
      return new Outcome(committed, fenced, fileCount);
    }
    return new Outcome(Map.of(), fenced, 0);
  }

  /** Whether the table shows the commit; false also when it cannot be asked. */
  private boolean landed(String commitId, CommitStateUnknownException unknown) {
    try {
      return TableOffsets.hasCommit(ops.refresh(), commitId);
    } catch (RuntimeException e) {
      unknown.addSuppressed(e);
      return false;
    }
  }
}
