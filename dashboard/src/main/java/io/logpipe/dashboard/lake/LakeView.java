package io.logpipe.dashboard.lake;

import java.time.Instant;
import java.util.List;

/**
 * JSON of {@code /api/lake}: what readers of the curated table see now.
 *
 * @param lake the lake URI
 * @param problem why the lake cannot be shown (missing, unreadable), null when it can
 * @param hoursPresent hour partitions holding at least one visible file
 * @param hoursComplete hour partitions with {@code _SUCCESS}
 * @param rows rows in visible files
 * @param rowsAfterMarker rows in files published after their hour's {@code _SUCCESS} (late events)
 * @param newestRow event time of the newest row (from the Parquet footers' statistics), null when
 *     empty
 * @param hours every hour, oldest first
 */
public record LakeView(
    String lake,
    String problem,
    int hoursPresent,
    int hoursComplete,
    long rows,
    long rowsAfterMarker,
    Instant newestRow,
    List<Hour> hours) {

  public LakeView {
    hours = List.copyOf(hours);
  }

  static LakeView problem(String lake, String problem) {
    return new LakeView(lake, problem, 0, 0, 0, 0, null, List.of());
  }

  /**
   * One {@code dt=}/{@code hour=} partition.
   *
   * @param hour {@code YYYY-MM-DDTHH}
   * @param files visible Parquet files
   * @param rows their rows
   * @param complete whether {@code _SUCCESS} is there
   * @param rowsAfterMarker rows in files newer than the marker
   */
  public record Hour(String hour, int files, long rows, boolean complete, long rowsAfterMarker) {}
}
