package io.logpipe.sink.iceberg;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;

/** The sink's table in a Hadoop catalog under a local directory, as the unit tests open it. */
final class LocalTables {

  private LocalTables() {}

  /** Loads the table under {@code dir}, creating it (snappy) when it does not exist yet. */
  static Table hadoop(Path dir) {
    return TableCatalogs.loadOrCreate(
        TableCatalogs.open(dir.toUri(), IcebergTarget.hadoop(), new Configuration()),
        IcebergTarget.hadoop().identifier(),
        "snappy");
  }
}
