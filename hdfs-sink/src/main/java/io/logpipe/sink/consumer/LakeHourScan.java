package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.lake.LakeHours;
import io.logpipe.sink.layout.LakeLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;

/**
 * {@link HourScan} over the lake's file system, with the lake module's walker of {@code
 * curated/dt=…/hour=…}.
 */
final class LakeHourScan implements HourScan {

  private final LakeHours lake;

  LakeHourScan(FileSystem fs, LakeLayout layout) {
    this.lake = new LakeHours(fs, layout);
  }

  @Override
  public List<ScannedHour> hours() throws IOException {
    LakeHours.Completeness hours = lake.completeness();
    List<ScannedHour> scanned = new ArrayList<>();
    for (HourPartition hour : hours.complete()) {
      scanned.add(new ScannedHour(hour, true));
    }
    for (HourPartition hour : hours.incomplete()) {
      scanned.add(new ScannedHour(hour, false));
    }
    return scanned;
  }
}
