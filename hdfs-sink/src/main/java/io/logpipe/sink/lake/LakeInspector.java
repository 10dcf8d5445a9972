package io.logpipe.sink.lake;

import io.logpipe.lake.HourContents;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LakeEntry;
import io.logpipe.sink.layout.LakeLayout;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Read side of the curated lake for reconciliation: what readers see (visible {@code .parquet}
 * files under {@code dt=}/{@code hour=} directories, by the rules of {@link
 * io.logpipe.lake.LakeNames}).
 */
public final class LakeInspector implements AutoCloseable {

  private final FileSystem fs;
  private final LakeHours hours;

  private LakeInspector(FileSystem fs, LakeLayout layout) {
    this.fs = fs;
    this.hours = new LakeHours(fs, layout);
  }

  /** Opens a lake ({@code file:///…}, {@code hdfs://…}); close it when done. */
  public static LakeInspector open(URI lake, Configuration conf) throws IOException {
    return new LakeInspector(FileSystem.newInstance(lake, conf), new LakeLayout(lake));
  }

  /** Rows in all visible files, summed from the Parquet footers (no data pages are read). */
  public long countCommittedRows() throws IOException {
    long rows = 0;
    for (Path file : visibleFiles()) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.getConf()))) {
        rows += reader.getRecordCount();
      }
    }
    return rows;
  }

  /** Hours whose directory holds {@code _SUCCESS}, in order. */
  public List<HourPartition> completedHours() throws IOException {
    return hours.completed();
  }

  /** Every visible Parquet file of the curated table. */
  public List<Path> visibleFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (HourContents<Path> hour : hours.contents()) {
      hour.parquetFiles().forEach(f -> files.add(f.path()));
    }
    files.sort(null);
    return files;
  }

  /**
   * Every entry in the hour directories that is neither a visible Parquet file nor {@code
   * _SUCCESS}.
   */
  public List<Path> unexpectedEntries() throws IOException {
    List<Path> odd = new ArrayList<>();
    for (HourContents<Path> hour : hours.contents()) {
      hour.unexpected().stream().map(LakeEntry::path).forEach(odd::add);
    }
    return odd;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
