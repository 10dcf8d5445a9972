package io.logpipe.analytics.lake;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one schema of some hours' data files, from every file's Parquet footer, read on the driver.
 * Spark's own {@code mergeSchema} reads them with a Spark job, which on a cold JVM took 1.8-2 s for
 * a 48-hour lake's 56 files; a few driver threads read them in a fraction of that.
 */
final class LakeFooters {

  /** Footers read at once: each is a small read that mostly waits on the file system. */
  static final int THREADS = 8;

  private final Configuration conf;
  private final SQLConf sqlConf;

  LakeFooters(Configuration conf, SQLConf sqlConf) {
    this.conf = conf;
    this.sqlConf = sqlConf;
  }

  /** A file whose footer cannot be read, or whose columns conflict with another file's. */
  static final class Unreadable extends Exception {
    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The union of the data files' columns, in the order they first appear, as Spark types.
   *
   * @throws Unreadable when a file is not Parquet, or two files give one column two types
   */
  StructType schema(List<HourDirectory> hours) throws Unreadable {
    List<Path> files = new ArrayList<>();
    for (HourDirectory h : hours) {
      Path dir = new Path(URI.create(h.path()));
      h.source().files().forEach(f -> files.add(new Path(dir, f.name())));
    }
    List<Future<StructType>> schemas = new ArrayList<>(files.size());
    ExecutorService threads =
        Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS, files.size())));
    try {
      for (Path file : files) {
        schemas.add(threads.submit(() -> read(file)));
      }
      Map<String, StructField> fields = new LinkedHashMap<>();
      Map<String, Path> firstSeenIn = new LinkedHashMap<>();
      for (int i = 0; i < files.size(); i++) {
        for (StructField f : await(schemas.get(i), files.get(i)).fields()) {
          StructField seen = fields.putIfAbsent(f.name(), f);
          if (seen == null) {
            firstSeenIn.put(f.name(), files.get(i));
          } else if (!seen.dataType().equals(f.dataType())) {
            throw new Unreadable(
                "column '"
                    + f.name()
                    + "' is "
                    + seen.dataType().simpleString()
                    + " in "
                    + firstSeenIn.get(f.name())
                    + " but "
                    + f.dataType().simpleString()
                    + " in "
                    + files.get(i),
                null);
          }
        }
      }
      return new StructType(fields.values().toArray(StructField[]::new));
    } finally {
      threads.shutdownNow();
    }
  }

  private StructType read(Path file) throws IOException {
    return new ParquetToSparkSchemaConverter(sqlConf)
        .convert(
            ParquetFileReader.readFooter(conf, file, ParquetMetadataConverter.SKIP_ROW_GROUPS)
                .getFileMetaData()
                .getSchema());
  }

  private static StructType await(Future<StructType> schema, Path file) throws Unreadable {
    try {
      return schema.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new Unreadable(file + " is not a readable Parquet file: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreadable("interrupted while reading the footer of " + file, e);
    }
  }
}
