package io.logpipe.sink.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.logpipe.lake.HourContents;
import io.logpipe.lake.HourLocation;
import io.logpipe.lake.HourWalker;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.partition.HourPartition;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The hours of the curated table with their completeness: one listing of the table's days, one of each day and
 * one of each hour directory. A lake without a curated table has no hours.
 */
public final class LakeHours {

  private final HourWalker<Path> walker;
  private final Path curated;

  public LakeHours(FileSystem fs, LakeLayout layout) {
    this.walker = HadoopLakeLister.walker(fs);
    this.curated = layout.curated();
  }

  /** Hours whose directory holds {@code _SUCCESS}, in time order. */
  public List<HourPartition> completed() throws IOException {
    return withCompleteness(true);
  }

  /** Hours whose directory has no {@code _SUCCESS} (yet, or left so by a crash), in time order. */
  public List<HourPartition> incomplete() throws IOException {
    return withCompleteness(false);
  }

  /** Every hour directory's contents, in time order. */
  public List<HourContents<Path>> contents() throws IOException {
    List<HourContents<Path>> all = new ArrayList<>();
    for (HourLocation<Path> hour : walker.hours(curated)) {
      all.add(walker.contents(hour));
    }
    return all;
  }

  private List<HourPartition> withCompleteness(boolean complete) throws IOException {
    List<HourPartition> hours = new ArrayList<>();
    for (HourContents<Path> c : contents()) {
      if (c.complete() == complete) {
        hours.add(HourPartition.of(c.hour().partition()));
      }
    }
    return hours;
  }
}
