package io.logpipe.analytics.lake;

import io.logpipe.analytics.AnalyticsException;
import io.logpipe.analytics.partial.HourInput;
import io.logpipe.lake.HourContents;
import io.logpipe.lake.HourLocation;
import io.logpipe.lake.HourScan;
import io.logpipe.lake.HourWalker;
import io.logpipe.lake.LakeEntry;
import io.logpipe.lake.LakeLister;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the curated lake's {@code dt=/hour=} directories and keeps those of the requested range, so
 * that Spark only ever lists and reads the selected hours (partition pruning by construction).
 *
 * <p>The lake's rules ({@link HourWalker}) decide what is a partition: hidden names (the sink's
 * temporary files and markers) are skipped, as Spark and Hive do; directories whose name is not a
 * partition of the layout are reported, not read.
 */
public final class PartitionSelector {

  /** The sink's marker of a complete hour. */
  public static final String SUCCESS_MARKER = LakeNames.SUCCESS;

  private final Configuration hadoopConf;

  public PartitionSelector(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /**
   * Selects the hour partitions under {@code curated} that lie in {@code range} (all of them when
   * empty) and, with {@code completeOnly}, hold a {@code _SUCCESS} marker. Hours with no data file
   * are left out.
   *
   * @throws AnalyticsException when the lake is missing or empty, or nothing matches
   */
  public Selection select(String curated, Optional<HourRange> range, boolean completeOnly) {
    try {
      return doSelect(curated, range, completeOnly);
    } catch (IOException e) {
      throw new AnalyticsException("cannot list the lake at " + curated + ": " + e.getMessage(), e);
    }
  }

  private Selection doSelect(String curated, Optional<HourRange> range, boolean completeOnly)
      throws IOException {
    Path root = new Path(URI.create(curated));
    FileSystem fs = root.getFileSystem(hadoopConf);
    HourWalker<Path> walker =
        new HourWalker<>(
            LakeLister.<Path, FileStatus>over(
                fs::listStatus,
                s ->
                    new LakeEntry<>(
                        s.getPath(),
                        s.getPath().getName(),
                        s.isDirectory(),
                        s.getLen(),
                        s.getModificationTime())));
    // Days out of range are pruned without being listed.
    HourScan<Path> scan =
        walker
            .scan(root, day -> range.isEmpty() || range.get().overlapsDay(day))
            .orElseThrow(
                () ->
                    new AnalyticsException(
                        "no lake at "
                            + curated
                            + " (directory does not exist); "
                            + "--lake must be the directory holding curated/dt=YYYY-MM-DD/hour=HH/"));
    List<HourDirectory> all = new ArrayList<>();
    for (HourLocation<Path> hour : scan.hours()) {
      HourContents<Path> contents = walker.contents(hour);
      all.add(
          new HourDirectory(
              hour.partition(),
              hour.path().toString(),
              contents.complete(),
              new HourInput.Source(
                  contents.visibleFiles().stream()
                      .map(f -> new HourInput.DataFile(f.name(), f.length()))
                      .toList(),
                  contents.lateTraces().stream().map(LakeEntry::name).toList())));
    }
    List<String> unexpected = scan.unexpected().stream().map(Path::toString).toList();
    List<LocalDate> allDays = scan.days();
    if (all.isEmpty() && range.isEmpty()) {
      throw new AnalyticsException(
          "the lake at "
              + curated
              + " has no dt=YYYY-MM-DD/hour=HH partitions"
              + (unexpected.isEmpty() ? "" : "; unexpected entries: " + unexpected));
    }
    List<HourDirectory> selected = new ArrayList<>();
    int skippedIncomplete = 0;
    int skippedEmpty = 0;
    for (HourDirectory p : all) {
      if (range.isPresent() && !range.get().contains(p.partition())) {
        continue;
      }
      if (p.dataFiles() == 0) {
        skippedEmpty++;
        continue;
      }
      if (completeOnly && !p.complete()) {
        skippedIncomplete++;
        continue;
      }
      selected.add(p);
    }
    if (selected.isEmpty()) {
      String where = range.map(r -> "between " + r).orElse("in the lake");
      StringBuilder msg = new StringBuilder("no data to analyse " + where + " at " + curated);
      if (skippedIncomplete > 0) {
        msg.append("; ")
            .append(skippedIncomplete)
            .append(" hour(s) without ")
            .append(SUCCESS_MARKER)
            .append(" were skipped because of --complete-only");
      }
      if (skippedEmpty > 0) {
        msg.append("; ").append(skippedEmpty).append(" hour(s) hold no data file");
      }
      if (!allDays.isEmpty()) {
        msg.append("; the lake has days ")
            .append(allDays.get(0))
            .append(" .. ")
            .append(allDays.get(allDays.size() - 1));
      }
      throw new AnalyticsException(msg.toString());
    }
    return new Selection(
        List.copyOf(selected), List.copyOf(unexpected), skippedIncomplete, skippedEmpty);
  }

  /**
   * The outcome of a selection.
   *
   * @param partitions the selected hours, in time order, never empty
   * @param unexpected entries under {@code curated} that are not partitions of the layout (not
   *     read)
   * @param skippedIncomplete hours in range left out by {@code --complete-only}
   * @param skippedEmpty hours in range without any data file
   */
  public record Selection(
      List<HourDirectory> partitions,
      List<String> unexpected,
      int skippedIncomplete,
      int skippedEmpty) {

    /** The selected directories, for Spark's reader. */
    public String[] paths() {
      return partitions.stream().map(HourDirectory::path).toArray(String[]::new);
    }

    /** The hours actually read: first to last selected partition. */
    public HourRange span() {
      return new HourRange(
          partitions.get(0).partition().localStart(),
          partitions.get(partitions.size() - 1).partition().localStart());
    }
  }
}
