package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;

/**
 * Rewrites the data files of a completed hour into one (of the hours completed together, each into
 * one, in one snapshot), with Iceberg core only: the files' Parquet row groups copied as they are
 * into a new file ({@link RowGroupCopy}; when their schemas differ, the hour's rows read with the
 * generic reader and written again instead), swapped in by one {@code replace} snapshot (readers
 * see the old files or the new one, never half). The snapshot carries no Kafka offset: a
 * partition's offset is the newest one along the history ({@link TableOffsets}), so a snapshot
 * without keys neither hides nor rewinds one, and a sink commit that lands meanwhile (new files,
 * new offsets) is only a concurrent append: Iceberg's optimistic check rebuilds the replace on the
 * newer table (the files it removes must still be there, no delete file may have been added for
 * them) and retries. A crash before the swap leaves only an unreferenced file.
 */
final class HourRewrite {

  private final SerialCommits serial;
  private final Table table;
  private final TableOperations ops;
  private final DataFileWriters files;
  private final RowGroupCopy copy;

  HourRewrite(Table table) {
    this(new DataFileWriters(table), new SerialCommits());
  }

  HourRewrite(DataFileWriters files, SerialCommits serial) {
    this.serial = serial;
    this.table = files.table();
    this.ops = ((HasTableOperations) table).operations();
    this.files = files;
    this.copy = new RowGroupCopy(files);
  }

  /**
   * Rewrites {@code hour} when it has more than one file.
   *
   * @return the number of files replaced (0: nothing to do)
   */
  int rewrite(HourPartition hour) throws IOException {
    return rewrite(List.of(hour));
  }

  /**
   * Rewrites each of {@code hours} that has more than one file into one, all swapped in by one
   * {@code replace} snapshot: the hours a mark completes together cost one commit (on HDFS a commit
   * writes a manifest per manifest it filters, a manifest list and the metadata, each file's close
   * a NameNode round trip).
   *
   * @return the number of files replaced (0: nothing to do)
   */
  int rewrite(List<HourPartition> hours) throws IOException {
    TableMetadata base = ops.refresh();
    Snapshot current = base.currentSnapshot();
    if (current == null) {
      return 0;
    }
    Set<DataFile> old = new HashSet<>();
    Map<HourPartition, DataFile> merged = new LinkedHashMap<>();
    try {
      for (HourPartition hour : hours) {
        Merge m = merge(hour, current.snapshotId());
        if (m != null) {
          old.addAll(m.sources());
          merged.put(hour, m.merged());
        }
      }
    } catch (IOException | RuntimeException e) {
      merged.values().forEach(f -> table.io().deleteFile(f.location()));
      throw e;
    }
    if (merged.isEmpty()) {
      return 0;
    }
    RewriteFiles rewrite =
        table
            .newRewrite()
            .writeManifestsWith(InlineExecutor.INSTANCE, 1)
            .scanManifestsWith(InlineExecutor.INSTANCE)
            .validateFromSnapshot(current.snapshotId())
            .rewriteFiles(old, new HashSet<>(merged.values()));
    rewrite.set(TableOffsets.COMMIT_ID, UUID.randomUUID().toString());
    pauseBeforeSwap(merged);
    try {
      serial.commit(rewrite);
    } catch (CommitStateUnknownException e) {
      throw e; // the table may reference the new files: keep them
    } catch (RuntimeException e) {
      merged.values().forEach(f -> table.io().deleteFile(f.location()));
      throw e;
    }
    return old.size();
  }

  /** An hour's files and the one new file that holds their rows. */
  private record Merge(Set<DataFile> sources, DataFile merged) {}

  /**
   * Writes {@code hour}'s files at {@code snapshotId} into one new file; null, writing nothing,
   * when the hour has fewer than two.
   */
  private Merge merge(HourPartition hour, long snapshotId) throws IOException {
    Expression filter =
        Expressions.and(
            Expressions.equal("dt", (int) hour.date().toEpochDay()),
            Expressions.equal("hour", hour.hour()));
    Set<DataFile> old = new HashSet<>();
    boolean deletes = false; // rows deleted by another writer: only the reader applies those
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
      for (FileScanTask t : tasks) {
        old.add(t.file());
        deletes = deletes || !t.deletes().isEmpty();
      }
    }
    if (old.size() < 2) {
      return null;
    }
    String location =
        files.location(
            hour, String.format("rewrite-%s-%s.parquet", hour.label(), UUID.randomUUID()));
    DataFile merged = deletes ? null : copy.copy(hour, old, location).orElse(null);
    return new Merge(old, merged != null ? merged : write(hour, location, snapshotId, filter));
  }

  private DataFile write(HourPartition hour, String location, long snapshotId, Expression filter)
      throws IOException {
    DataWriter<Record> w = files.openRecords(hour, location);
    try (w;
        CloseableIterable<Record> rows =
            IcebergGenerics.read(table).useSnapshot(snapshotId).where(filter).build()) {
      for (Record r : rows) {
        w.write(r);
      }
    } catch (IOException | RuntimeException e) {
      table.io().deleteFile(location);
      throw e;
    }
    return w.toDataFile();
  }

  /** Test-only system property: how long to pause before the swap (ISO-8601 duration). */
  static final String PAUSE_PROPERTY = "logpipe.test.rewrite-pause-before-swap";

  /**
   * Only with the test property {@value #PAUSE_PROPERTY} (a duration): logs and waits that long
   * before the swap, so that a crash test can SIGKILL the sink inside a rewrite.
   */
  private static void pauseBeforeSwap(Map<HourPartition, DataFile> merged) {
    String pause = System.getProperty(PAUSE_PROPERTY);
    if (pause == null) {
      return;
    }
    Duration d = Duration.parse(pause);
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HourRewrite.class);
    merged.forEach(
        (hour, file) ->
            log.warn(
                "Hour {} rewritten into {}, pausing {} before the swap ({})",
                hour.label(),
                file.location(),
                d,
                PAUSE_PROPERTY));
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
