package io.logpipe.sink.lake;

import io.logpipe.lake.HourContents;
import io.logpipe.lake.HourLocation;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.HourWalker;
import io.logpipe.sink.layout.LakeLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The hours of the curated table with their completeness: one listing of the table's days, one of
 * each day and one of each hour directory. A lake without a curated table has no hours.
 */
public final class LakeHours {

  private final HourWalker<Path> walker;
  private final Path curated;

  public LakeHours(FileSystem fs, LakeLayout layout) {
    this.walker = HadoopLakeLister.walker(fs);
    this.curated = layout.curated();
  }

  /**
   * Every hour of the curated table, split by whether its directory holds {@code _SUCCESS}, in one
   * walk: what the sink loop needs at start-up (complete hours are done, the others are candidates
   * for completion).
   */
  public Completeness completeness() throws IOException {
    List<HourPartition> complete = new ArrayList<>();
    List<HourPartition> incomplete = new ArrayList<>();
    for (HourContents<Path> c : contents()) {
      (c.complete() ? complete : incomplete).add(c.hour().partition());
    }
    return new Completeness(complete, incomplete);
  }

  /** Hours whose directory holds {@code _SUCCESS}, in time order. */
  public List<HourPartition> completed() throws IOException {
    return completeness().complete();
  }

  /** Every hour directory's contents, in time order. */
  public List<HourContents<Path>> contents() throws IOException {
    List<HourContents<Path>> all = new ArrayList<>();
    for (HourLocation<Path> hour : walker.hours(curated)) {
      all.add(walker.contents(hour));
    }
    return all;
  }

  /**
   * The hours of the curated table by completeness.
   *
   * @param complete hours with {@code _SUCCESS}, in time order
   * @param incomplete hours without, in time order
   */
  public record Completeness(List<HourPartition> complete, List<HourPartition> incomplete) {

    public Completeness {
      complete = List.copyOf(complete);
      incomplete = List.copyOf(incomplete);
    }
  }
}
