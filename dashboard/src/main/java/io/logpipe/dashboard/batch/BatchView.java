package io.logpipe.dashboard.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * JSON of {@code /api/batch}: the tables of the newest analytics run under {@code
 * <lake>/analytics/}.
 *
 * @param output where the tables are read from
 * @param problem why there is nothing to show (no run yet, unreadable), with the command to run;
 *     null otherwise
 * @param runAt when the run wrote its {@code summary.json}
 * @param period the range the run covered (its {@code period=} partition)
 * @param requests rows the run read
 * @param byHour {@code kpi_by_hour}: one row per hour, oldest first (every hour any run wrote)
 * @param topPaths {@code top_paths} of the run's period, most requested first
 * @param byHost {@code kpi_by_host} of the run's period, busiest first
 */
public record BatchView(
    String output,
    String problem,
    Instant runAt,
    String period,
    long requests,
    List<Map<String, Object>> byHour,
    List<Map<String, Object>> topPaths,
    List<Map<String, Object>> byHost) {

  public BatchView {
    byHour = List.copyOf(byHour);
    topPaths = List.copyOf(topPaths);
    byHost = List.copyOf(byHost);
  }

  static BatchView problem(String output, String problem) {
    return new BatchView(output, problem, null, null, 0, List.of(), List.of(), List.of());
  }
}
