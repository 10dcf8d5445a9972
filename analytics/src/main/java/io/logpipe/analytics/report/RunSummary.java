package io.logpipe.analytics.report;

import java.util.List;
import java.util.Map;

/**
 * What one run read and produced; written as {@code <output>/summary.json} so that a caller without
 * Spark can reconcile the analytics totals with the rows in the lake.
 *
 * @param lake the lake URI
 * @param output the output URI
 * @param period the partition value the run's top_paths/kpi_by_host/top_paths_csv were written
 *     under
 * @param requestedFrom {@code --from} as an hour ({@code YYYY-MM-DDTHH}), null when not given
 * @param requestedTo {@code --to} as an hour, null when not given
 * @param readFrom first hour read
 * @param readTo last hour read
 * @param completeOnly whether only hours with {@code _SUCCESS} were read
 * @param totalRequests rows read
 * @param requestsWithResponseTime rows read that had rt_ms
 * @param partitions requests per hour partition read, in time order
 * @param skippedIncompleteHours hours in range left out by {@code --complete-only}
 * @param unexpectedEntries entries of the lake that are not partitions of the layout (not read)
 * @param tables table name to the location written
 */
public record RunSummary(
    String lake,
    String output,
    String period,
    String requestedFrom,
    String requestedTo,
    String readFrom,
    String readTo,
    boolean completeOnly,
    long totalRequests,
    long requestsWithResponseTime,
    List<HourCount> partitions,
    int skippedIncompleteHours,
    List<String> unexpectedEntries,
    Map<String, String> tables) {

  /**
   * Requests in one hour partition.
   *
   * @param dt {@code YYYY-MM-DD}
   * @param hour {@code HH}
   * @param requests rows read from that partition
   */
  public record HourCount(String dt, String hour, long requests) {}
}
