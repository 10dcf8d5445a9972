package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.support.Lineage;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads a sink's Iceberg table back with Iceberg's generic reader, for the lineage checks. */
public final class TableLineage {

  private TableLineage() {}

  /** The curated table of a Hadoop catalog on {@code lake}; null while it does not exist. */
  public static Table table(URI lake, Configuration conf) {
    Catalog catalog = TableCatalogs.open(lake, IcebergTarget.hadoop(), conf);
    var id = IcebergTarget.hadoop().identifier();
    return catalog.tableExists(id) ? catalog.loadTable(id) : null;
  }

  /**
   * The bytes the sink quarantined for the record at {@code offset} (read from the table's store).
   */
  public static byte[] quarantined(Table table, String topic, int partition, long offset)
      throws IOException {
    String location = PartitionBatch.quarantineLocation(table, topic, partition, offset);
    try (var in = table.io().newInputFile(location).newStream()) {
      return in.readAllBytes();
    }
  }

  /** Expires every snapshot but the current one (a user's most aggressive maintenance). */
  public static void expireAllButCurrent(Table table) {
    table.refresh();
    table
        .expireSnapshots()
        .expireOlderThan(table.currentSnapshot().timestampMillis() + 1)
        .retainLast(1)
        .commit();
  }

  /** Lineage keys of every row of the table's current snapshot, duplicates kept. */
  public static List<String> rows(Table table) throws IOException {
    List<String> keys = new ArrayList<>();
    table.refresh();
    if (table.currentSnapshot() == null) {
      return keys;
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).select("raw_topic", "raw_partition", "raw_offset").build()) {
      for (Record r : rows) {
        keys.add(
            r.getField("raw_topic")
                + "/"
                + r.getField("raw_partition")
                + "/"
                + r.getField("raw_offset"));
      }
    }
    return keys;
  }

  public static List<String> rows(URI lake, Configuration conf) throws IOException {
    Table t = table(lake, conf);
    return t == null ? List.of() : rows(t);
  }

  /** Rows the table's current snapshot holds, from its summary (no data file read). */
  public static long committedRows(URI lake, Configuration conf) {
    Table t = table(lake, conf);
    if (t == null || t.currentSnapshot() == null) {
      return 0;
    }
    return Long.parseLong(t.currentSnapshot().summary().getOrDefault("total-records", "0"));
  }

  /** Every data file the current snapshot references exists and holds the row count it claims. */
  public static void assertNoDanglingFiles(Table table) throws IOException {
    table.refresh();
    if (table.currentSnapshot() == null) {
      return;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        assertThat(table.io().newInputFile(t.file().location()).exists())
            .as("referenced data file %s exists", t.file().location())
            .isTrue();
      }
    }
  }

  /** The locations of the data files the current snapshot references. */
  public static Set<String> referencedFiles(Table table) throws IOException {
    table.refresh();
    Set<String> out = new HashSet<>();
    if (table.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        out.add(t.file().location());
      }
    }
    return out;
  }

  /** 0 lost and 0 duplicated against {@code produced}; returns the table's keys. */
  public static List<String> assertExactlyOnce(Collection<String> produced, Table table)
      throws IOException {
    List<String> rows = rows(table);
    assertThat(Lineage.compare(produced, rows)).isEqualTo(Map.of("lost", 0L, "duplicated", 0L));
    assertNoDanglingFiles(table);
    return rows;
  }
}
