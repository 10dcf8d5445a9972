package io.logpipe.cli.local;

import io.logpipe.sink.iceberg.IcebergTarget;
import io.logpipe.sink.iceberg.TableCatalogs;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What the sink's Iceberg table holds, for the reconciliation of a {@code --table-format iceberg}
 * run: its rows (the record counts of the current snapshot's data files, as the file mode counts
 * its Parquet footers) and the hours it marks complete.
 */
final class IcebergLakeTally implements AutoCloseable {

  /** hdfs-sink's {@code HourMarks} key prefix (package-private there). */
  static final String MARK_PREFIX = io.logpipe.lake.LakeNames.HOUR_COMPLETE_PROPERTY_PREFIX;

  private final Catalog catalog;
  private final IcebergTarget target = IcebergTarget.hadoop();

  IcebergLakeTally(URI lake, Configuration hadoopConf) {
    this.catalog = TableCatalogs.open(lake, target, hadoopConf);
  }

  private Table table() {
    return catalog.loadTable(target.identifier());
  }

  /** Rows in the table's current snapshot; 0 before the first commit or when there is no table. */
  long rows() {
    if (!catalog.tableExists(target.identifier())) {
      return 0;
    }
    Table table = table();
    if (table.currentSnapshot() == null) {
      return 0;
    }
    long rows = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        rows += t.file().recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Hours the table marks complete. */
  int completeHours() {
    if (!catalog.tableExists(target.identifier())) {
      return 0;
    }
    return (int)
        table().properties().keySet().stream().filter(k -> k.startsWith(MARK_PREFIX)).count();
  }

  @Override
  public void close() throws IOException {
    if (catalog instanceof Closeable c) {
      c.close();
    }
  }
}
