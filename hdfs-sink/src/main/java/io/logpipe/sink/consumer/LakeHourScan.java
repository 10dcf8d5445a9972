package io.logpipe.sink.consumer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.partition.HourPartition;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/** {@link HourScan} by listing {@code curated/dt=…/hour=…} on the lake's file system. */
final class LakeHourScan implements HourScan {

  private final FileSystem fs;
  private final LakeLayout layout;

  LakeHourScan(FileSystem fs, LakeLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  @Override
  public List<ScannedHour> hours() throws IOException {
    List<ScannedHour> hours = new ArrayList<>();
    if (!fs.exists(layout.curated())) {
      return hours;
    }
    for (FileStatus day : fs.listStatus(layout.curated())) {
      if (!day.isDirectory() || !day.getPath().getName().startsWith("dt=")) {
        continue;
      }
      for (FileStatus hourDir : fs.listStatus(day.getPath())) {
        if (!hourDir.isDirectory() || !hourDir.getPath().getName().startsWith("hour=")) {
          continue;
        }
        HourPartition hour = HourPartition.parseDir(hourDir.getPath().toString());
        hours.add(new ScannedHour(hour, fs.exists(layout.successMarker(hour))));
      }
    }
    return hours;
  }
}
