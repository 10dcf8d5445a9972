package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.metrics.SinkMetrics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which hours wait for {@code _SUCCESS}, and writing it: an hour is complete once the watermark has
 * passed its end by the allowed lateness and no row of it read by this instance is unpublished.
 * Rows of an hour already marked are still written (never dropped) and counted as after success.
 */
final class HourCompletion {

  private static final Logger log = LoggerFactory.getLogger(HourCompletion.class);

  private final FileSystem fs;
  private final LakeLayout layout;
  private final FsRetry retry;
  private final SinkMetrics metrics;
  private final ZoneId zone;
  private final Duration allowedLateness;
  private final TreeSet<HourPartition> pending = new TreeSet<>();
  private final Set<HourPartition> completed = new HashSet<>();

  HourCompletion(
      FileSystem fs,
      LakeLayout layout,
      FsRetry retry,
      SinkMetrics metrics,
      ZoneId zone,
      Duration allowedLateness) {
    this.fs = fs;
    this.layout = layout;
    this.retry = retry;
    this.metrics = metrics;
    this.zone = zone;
    this.allowedLateness = allowedLateness;
  }

  /**
   * At start-up: hours in the lake without {@code _SUCCESS} (e.g. left by a crash) wait for it
   * again.
   */
  void seed(HourScan scan) {
    for (HourScan.ScannedHour h :
        retry.call("list the hours of " + layout.curated(), scan::hours)) {
      if (h.complete()) {
        completed.add(h.hour());
      } else {
        pending.add(h.hour());
      }
    }
  }

  /** A row of {@code hour} was read into a batch. */
  void rowRead(HourPartition hour) throws IOException {
    if (!pending.contains(hour) && markedComplete(hour)) {
      metrics.lateAfterSuccess(); // later than the allowed lateness: a new file in its hour
    } else {
      pending.add(hour);
    }
  }

  /**
   * Writes {@code _SUCCESS} into every due hour not in {@code unpublished} (rows read, not in the
   * lake yet).
   */
  void complete(Instant watermark, Set<HourPartition> unpublished) {
    for (HourPartition hour : new ArrayList<>(pending)) {
      if (hour.end(zone).plus(allowedLateness).isAfter(watermark)) {
        break; // sorted: later hours are not due either
      }
      if (unpublished.contains(hour)) {
        continue;
      }
      Path marker = layout.successMarker(hour);
      retry.call(
          "write " + marker,
          () -> {
            if (!fs.exists(marker)) {
              fs.mkdirs(marker.getParent());
              fs.create(marker, true).close();
            }
            return null;
          });
      pending.remove(hour);
      completed.add(hour);
      metrics.hourCompleted();
      log.info("{} complete (watermark {}): wrote {}", hour, watermark, marker);
    }
  }

  /**
   * Whether this instance knows the hour holds {@code _SUCCESS} (it wrote it, found it at start-up,
   * or found it when a row of the hour arrived): rows committed into it now are late.
   */
  boolean isMarked(HourPartition hour) {
    return completed.contains(hour);
  }

  /** Hours with rows read (or found in the lake at start-up) that have no {@code _SUCCESS} yet. */
  Set<HourPartition> pending() {
    return Set.copyOf(pending);
  }

  private boolean markedComplete(HourPartition hour) throws IOException {
    if (completed.contains(hour)) {
      return true;
    }
    if (fs.exists(layout.successMarker(hour))) {
      completed.add(hour);
      return true;
    }
    return false;
  }
}
