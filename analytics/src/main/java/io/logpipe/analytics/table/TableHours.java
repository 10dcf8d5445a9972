package io.logpipe.analytics.table;

import io.logpipe.analytics.AnalyticsException;
import io.logpipe.analytics.lake.HourDirectory;
import io.logpipe.analytics.partial.HourInput;
import io.logpipe.lake.HourPartition;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/** The hours of one snapshot of the table: its files grouped by their {@code dt}/{@code hour}. */
final class TableHours {

  /**
   * The sink's completion mark, {@code logpipe.hour-complete.<dt>T<HH>} (hdfs-sink's {@code
   * HourMarks}; this module cannot depend on hdfs-sink, {@code cli}'s iceberg ITs check the two
   * agree).
   */
  static final String MARK_PREFIX = io.logpipe.lake.LakeNames.HOUR_COMPLETE_PROPERTY_PREFIX;

  private TableHours() {}

  /**
   * @param snapshot the snapshot the hours are of
   * @param hours in time order, each with its files; {@code path} is the hour's data directory
   */
  record Listing(Snapshot snapshot, List<HourDirectory> hours) {}

  static Listing list(Table table, Snapshot snapshot, String where) {
    Map<HourPartition, List<HourInput.DataFile>> files = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      for (FileScanTask t : tasks) {
        HourPartition h = hourOf(table.specs().get(t.file().specId()), t.file().partition(), where);
        List<HourInput.DataFile> list = files.computeIfAbsent(h, k -> new ArrayList<>());
        list.add(new HourInput.DataFile(t.file().location(), t.file().fileSizeInBytes()));
        for (DeleteFile d : t.deletes()) {
          list.add(new HourInput.DataFile("delete:" + d.location(), d.fileSizeInBytes()));
        }
      }
    } catch (IOException e) {
      throw new AnalyticsException("cannot list the files of " + where + ": " + e.getMessage(), e);
    }
    Map<String, String> props = table.properties();
    List<HourDirectory> hours = new ArrayList<>();
    for (Map.Entry<HourPartition, List<HourInput.DataFile>> e : files.entrySet()) {
      HourPartition h = e.getKey();
      hours.add(
          new HourDirectory(
              h,
              table.location() + "/data/" + h.relativeDir(),
              props.containsKey(MARK_PREFIX + h.label()),
              new HourInput.Source(e.getValue().stream().distinct().toList(), List.of())));
    }
    return new Listing(snapshot, hours);
  }

  private static HourPartition hourOf(PartitionSpec spec, StructLike partition, String where) {
    Integer days = null;
    Integer hour = null;
    List<PartitionField> fields = spec.fields();
    for (int i = 0; i < fields.size(); i++) {
      PartitionField f = fields.get(i);
      String source = spec.schema().findColumnName(f.sourceId());
      if (!f.transform().isIdentity()) {
        continue;
      }
      if ("dt".equals(source)) {
        days = partition.get(i, Integer.class);
      } else if ("hour".equals(source)) {
        hour = partition.get(i, Integer.class);
      }
    }
    if (days == null || hour == null) {
      throw new AnalyticsException(
          "the Iceberg table "
              + where
              + " is not partitioned by identity(dt), identity(hour) as the sink writes it: "
              + spec);
    }
    return new HourPartition(LocalDate.ofEpochDay(days), hour);
  }
}
