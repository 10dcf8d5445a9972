package io.logpipe.cli.bench;

import io.logpipe.cli.local.LakeFormat;
import io.logpipe.cli.local.LocalOptions;
import io.logpipe.cli.local.LocalPipeline;
import io.logpipe.cli.local.LocalResult;
import io.logpipe.cli.local.Reconciliation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cell of the scale-out benchmark: a whole {@code logpipe local --partitions P --processors K
 * --sinks K --no-analytics} run in this JVM, timed from the run's own lines, with the rebalances
 * its consumers went through and the process's CPU time.
 */
final class ScaleOutCell {

  /** The run's line just before ingest starts. */
  private static final Pattern STARTED = Pattern.compile(".* started; ingesting .*");

  /** The ingest summary, which a local run prints once the lake holds every curated row. */
  private static final Pattern DRAINED = Pattern.compile("^[a-z ]+: [\\d,]+ lines sent, .*");

  private static final Pattern LATE =
      Pattern.compile("events too late for their window: ([\\d,]+) \\(late-counts topic\\)");

  static final String WINDOWS_CHECK = "windows whose final + late count != curated events";
  static final String LAKE_CHECK = "curated = rows in lake";

  /**
   * @param partitions partitions of every topic
   * @param instances processor instances and sink instances (K of each)
   * @param linesIn lines ingest delivered
   * @param rows curated rows the lake holds at the end
   * @param endToEnd from ingest's start to the lake holding every curated row
   * @param cell the whole run: broker start to everything closed
   * @param late events counted too late for their window (late-counts topic)
   * @param windowsOff windows and statuses where final + late != curated (0: it holds)
   * @param reconciled whether every check of the run's reconciliation held
   * @param processorRebalances rebalances of the processors' group (longest-lived member's count)
   * @param sinkRebalances the same for the sinks' group
   * @param memberRebalances every member's rebalances, both stages, summed
   * @param cpuEndToEnd process CPU time over {@code endToEnd}
   * @param cpuCell process CPU time over the whole run
   * @param loadAverage the 1-minute load average when the cell ended
   * @param output everything the run printed
   */
  record Result(
      int partitions,
      int instances,
      long linesIn,
      long rows,
      Duration endToEnd,
      Duration cell,
      long late,
      long windowsOff,
      boolean reconciled,
      long processorRebalances,
      long sinkRebalances,
      long memberRebalances,
      Duration cpuEndToEnd,
      Duration cpuCell,
      String loadAverage,
      String output) {

    double rowsPerSecond() {
      return rows / (endToEnd.toNanos() / 1e9);
    }

    /** CPU-seconds per million lines in, over the end-to-end part. */
    double cpuPerMillion() {
      return cpuEndToEnd.toNanos() / 1e9 / (linesIn / 1e6);
    }

    /** CPU-seconds per million lines in, over the whole run (broker start-up included). */
    double cellCpuPerMillion() {
      return cpuCell.toNanos() / 1e9 / (linesIn / 1e6);
    }
  }

  private ScaleOutCell() {}

  static Result run(
      int partitions,
      int instances,
      long events,
      Duration span,
      Instant start,
      long seed,
      Path lake,
      Duration drainTimeout)
      throws Exception {
    LocalOptions options =
        new LocalOptions(
            events,
            null,
            0,
            seed,
            start,
            span,
            BenchSettings.LATE_FRACTION,
            BenchSettings.INVALID_FRACTION,
            List.of(),
            null,
            lake,
            false,
            partitions,
            1,
            instances,
            instances,
            false,
            false,
            null,
            "127.0.0.1",
            drainTimeout,
            LakeFormat.FILE);
    TimedLines lines = new TimedLines();
    long t0 = System.nanoTime();
    long cpu0 = TimedLines.processCpuNanos();
    LocalResult result;
    RebalanceCounter rebalances = RebalanceCounter.start();
    try (PrintWriter out = new PrintWriter(lines, true)) {
      result = new LocalPipeline(options, out, false).run();
    } finally {
      rebalances.close();
    }
    long t1 = System.nanoTime();
    long cpu1 = TimedLines.processCpuNanos();
    String output = lines.text();
    TimedLines.Line started = lines.first(null, s -> STARTED.matcher(s).matches());
    TimedLines.Line drained =
        started == null ? null : lines.first(started, s -> DRAINED.matcher(s).matches());
    if (result.interrupted() || drained == null) {
      throw new IllegalStateException(
          "the local run did not drain (partitions "
              + partitions
              + ", instances "
              + instances
              + "):\n"
              + output);
    }
    Reconciliation r = result.reconciliation();
    Matcher late = LATE.matcher(output);
    return new Result(
        partitions,
        instances,
        result.ingest().acknowledged(),
        check(r, LAKE_CHECK).actual(),
        Duration.ofNanos(drained.nanos() - started.nanos()),
        Duration.ofNanos(t1 - t0),
        late.find() ? Long.parseLong(late.group(1).replace(",", "")) : -1,
        check(r, WINDOWS_CHECK).actual(),
        r.ok() && result.exitCode() == 0,
        rebalances.groupRebalances("processor-"),
        rebalances.groupRebalances("sink-"),
        rebalances.memberRebalances("processor-") + rebalances.memberRebalances("sink-"),
        Duration.ofNanos(drained.cpuNanos() - started.cpuNanos()),
        Duration.ofNanos(cpu1 - cpu0),
        LoadAverage.now(),
        output);
  }

  private static Reconciliation.Check check(Reconciliation r, String name) {
    return r.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no check '" + name + "' in the run"));
  }
}
