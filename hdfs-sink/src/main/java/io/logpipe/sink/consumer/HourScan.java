package io.logpipe.sink.consumer;

import io.logpipe.lake.HourPartition;
import java.io.IOException;
import java.util.List;

/**
 * The hour directories the lake already holds, read once at start-up so that hours left without
 * {@code _SUCCESS} (by a crash, say) are completed again. {@link LakeHourScan} walks the file
 * system.
 */
@FunctionalInterface
interface HourScan {

  /** An hour directory of the lake and whether it has its {@code _SUCCESS} marker. */
  record ScannedHour(HourPartition hour, boolean complete) {}

  /** Every hour directory under the curated area; empty when there is none yet. */
  List<ScannedHour> hours() throws IOException;
}
