package io.logpipe.sink.lake;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.partition.HourPartition;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Read side of the curated lake for reconciliation: what readers see (visible {@code .parquet} files under
 * {@code dt=}/{@code hour=} directories; names starting with {@code _} or {@code .} are skipped as Spark does).
 */
public final class LakeInspector implements AutoCloseable {

  private final FileSystem fs;
  private final LakeLayout layout;

  private LakeInspector(FileSystem fs, LakeLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  /** Opens a lake ({@code file:///…}, {@code hdfs://…}); close it when done. */
  public static LakeInspector open(URI lake, Configuration conf) throws IOException {
    return new LakeInspector(FileSystem.newInstance(lake, conf), new LakeLayout(lake));
  }

  /** Rows in all visible files, summed from the Parquet footers (no data pages are read). */
  public long countCommittedRows() throws IOException {
    long rows = 0;
    for (Path file : visibleFiles()) {
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.getConf()))) {
        rows += reader.getRecordCount();
      }
    }
    return rows;
  }

  /** Hours whose directory holds {@code _SUCCESS}, in order. */
  public List<HourPartition> completedHours() throws IOException {
    List<HourPartition> hours = new ArrayList<>();
    for (Path dir : hourDirs()) {
      if (fs.exists(new Path(dir, LakeLayout.SUCCESS))) {
        hours.add(HourPartition.parseDir(dir.toString()));
      }
    }
    hours.sort(null);
    return hours;
  }

  /** Every visible Parquet file of the curated table. */
  public List<Path> visibleFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : hourDirs()) {
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isFile() && !LakeLayout.isHidden(name) && name.endsWith(".parquet")) {
          files.add(st.getPath());
        }
      }
    }
    files.sort(null);
    return files;
  }

  /** Every visible entry in the hour directories that is neither a Parquet file nor {@code _SUCCESS}. */
  public List<Path> unexpectedEntries() throws IOException {
    List<Path> odd = new ArrayList<>();
    for (Path dir : hourDirs()) {
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (!name.equals(LakeLayout.SUCCESS) && !(st.isFile() && name.endsWith(".parquet"))) {
          odd.add(st.getPath());
        }
      }
    }
    return odd;
  }

  private List<Path> hourDirs() throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (!fs.exists(layout.curated())) {
      return dirs;
    }
    for (FileStatus day : fs.listStatus(layout.curated())) {
      if (day.isDirectory() && day.getPath().getName().startsWith("dt=")) {
        for (FileStatus hour : fs.listStatus(day.getPath())) {
          if (hour.isDirectory() && hour.getPath().getName().startsWith("hour=")) {
            dirs.add(hour.getPath());
          }
        }
      }
    }
    return dirs;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
