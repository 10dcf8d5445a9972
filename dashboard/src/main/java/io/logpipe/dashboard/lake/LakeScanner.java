package io.logpipe.dashboard.lake;

import io.logpipe.lake.HourContents;
import io.logpipe.lake.HourLocation;
import io.logpipe.lake.HourWalker;
import io.logpipe.lake.LakeEntry;
import io.logpipe.sink.lake.HadoopLakeLister;
import io.logpipe.sink.layout.LakeLayout;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Scans the curated table's hour directories with the lake's {@link HourWalker} (an hour removed
 * while it is listed has no files). Published files never change (the sink writes each once, by
 * rename), so each file's footer is read once and remembered by path, size and time: a scan of a
 * large lake lists directories and reads only the new footers.
 */
public final class LakeScanner implements AutoCloseable {

  private static final String TS_COLUMN = "ts";

  private final URI lake;
  private final FileSystem fs;
  private final LakeLayout layout;
  private final HourWalker<Path> walker;
  private final Map<Path, FileFacts> footers = new HashMap<>();

  public LakeScanner(URI lake, Configuration conf) throws IOException {
    this.lake = lake;
    this.fs = FileSystem.newInstance(lake, conf);
    this.layout = new LakeLayout(lake);
    this.walker = HadoopLakeLister.walker(fs);
  }

  /**
   * The lake as readers see it now; a missing or unreadable lake is a {@link LakeView#problem()},
   * not an error.
   */
  public LakeView scan() {
    try {
      if (!fs.exists(layout.root())) {
        return LakeView.problem(
            lake.toString(),
            "no lake at " + lake + " (nothing written there yet, or a wrong --lake)");
      }
      if (!fs.exists(layout.curated())) {
        return LakeView.problem(
            lake.toString(),
            "no curated table yet under " + lake + " (the sink has not published a file)");
      }
      return scanCurated();
    } catch (IOException | RuntimeException e) {
      return LakeView.problem(lake.toString(), "cannot read " + lake + ": " + e.getMessage());
    }
  }

  private LakeView scanCurated() throws IOException {
    List<LakeView.Hour> hours = new ArrayList<>();
    int present = 0;
    int complete = 0;
    long rows = 0;
    long late = 0;
    Long newest = null;
    Map<Path, FileFacts> seen = new HashMap<>();
    for (HourLocation<Path> hour : walker.hours(layout.curated())) {
      HourContents<Path> contents = walker.contents(hour);
      long marker = contents.marker().map(LakeEntry::modified).orElse(-1L);
      List<LakeEntry<Path>> files = contents.parquetFiles();
      long hourRows = 0;
      long hourLate = 0;
      for (LakeEntry<Path> f : files) {
        FileFacts facts = facts(f);
        seen.put(f.path(), facts);
        hourRows += facts.rows();
        if (marker >= 0 && f.modified() > marker) {
          hourLate += facts.rows();
        }
        if (facts.maxTsMicros() != null && (newest == null || facts.maxTsMicros() > newest)) {
          newest = facts.maxTsMicros();
        }
      }
      if (!files.isEmpty()) {
        present++;
      }
      if (marker >= 0) {
        complete++;
      }
      rows += hourRows;
      late += hourLate;
      hours.add(
          new LakeView.Hour(
              hour.partition().label(), files.size(), hourRows, marker >= 0, hourLate));
    }
    footers.keySet().retainAll(seen.keySet());
    Instant newestRow =
        newest == null
            ? null
            : Instant.ofEpochSecond(
                Math.floorDiv(newest, 1_000_000L), Math.floorMod(newest, 1_000_000L) * 1000L);
    return new LakeView(lake.toString(), null, present, complete, rows, late, newestRow, hours);
  }

  private FileFacts facts(LakeEntry<Path> f) throws IOException {
    FileFacts known = footers.get(f.path());
    if (known != null && known.length() == f.length() && known.modified() == f.modified()) {
      return known;
    }
    long rows = 0;
    Long max = null;
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(f.path(), fs.getConf()))) {
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        rows += block.getRowCount();
        for (ColumnChunkMetaData column : block.getColumns()) {
          if (column.getPath().toDotString().equals(TS_COLUMN)) {
            Statistics<?> stats = column.getStatistics();
            if (stats != null
                && stats.hasNonNullValue()
                && stats.genericGetMax() instanceof Long m
                && (max == null || m > max)) {
              max = m;
            }
          }
        }
      }
    }
    FileFacts facts = new FileFacts(f.length(), f.modified(), rows, max);
    footers.put(f.path(), facts);
    return facts;
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }

  private record FileFacts(long length, long modified, long rows, Long maxTsMicros) {}
}
