package io.logpipe.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The scale-out benchmark of issue 18: {@code logpipe local} over 1, 3 and 6 partitions with 1 or 2
 * instances of each stage, one cell after another in this JVM, and one table of what each cost and
 * whether its counts held. Figures are printed, never asserted. Run it with {@code
 * cli/bin/pipeline-benchmark scale-out}.
 */
@Command(
    name = "pipeline-benchmark scale-out",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scale-out benchmark of logpipe on this machine: for every partition count and",
      "instance count, a whole `logpipe local --partitions P --processors K --sinks K",
      "--no-analytics` run in this JVM (in-process broker, local lake under --work-dir),",
      "then one table: rows/s end to end, events counted late, rebalances the stages'",
      "consumers went through, process CPU-seconds per million lines, and whether",
      "final + late = curated held for every window. Never asserted.",
      "A small 1 x 1 warm-up run goes first (not in the table)."
    })
public final class ScaleOutBenchmark implements Callable<Integer> {

  /** Event-time density of {@code logpipe local}'s defaults: 1,000,000 events over 6 hours. */
  static final double LOCAL_EVENTS_PER_HOUR = 1_000_000 / 6.0;

  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "500000",
      description = "Generated lines per cell (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--partitions",
      split = ",",
      defaultValue = "1,3,6",
      description = "Partition counts, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> partitions;

  @Option(
      names = "--instances",
      split = ",",
      defaultValue = "1,2",
      description =
          "Instances of each stage (processors = sinks), comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> instances;

  @Option(
      names = "--warm-up",
      defaultValue = "50000",
      description =
          "Lines of the warm-up run before the cells; 0 for none (default: ${DEFAULT-VALUE}).")
  long warmUp;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed: every cell sends the same lines (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--work-dir",
      defaultValue = "target/scale-out-bench",
      description =
          "The cells' lakes and their runs' output; emptied first (default: ${DEFAULT-VALUE}).")
  Path workDir;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleOutBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Path dir = workDir.toAbsolutePath().normalize();
    Duration span = spanOf(events);
    // Yesterday, as in `logpipe local`: the processor rejects events far ahead of the wall clock.
    Instant start =
        LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    header(dir, span);
    try {
      deleteRecursively(dir);
      Files.createDirectories(dir);
      if (warmUp > 0) {
        System.err.printf(
            Locale.ROOT, "  [warm-up] %,d lines, 1 partition, 1 instance...%n", warmUp);
        ScaleOutCell.Result w = runCell(dir, "warm-up", 1, 1, warmUp, spanOf(warmUp), start);
        out.printf(
            Locale.ROOT,
            "warm-up (not in the table): %,d lines, %.1f s, %s%n",
            w.linesIn(),
            sec(w.cell()),
            w.reconciled() ? "reconciled" : "NOT reconciled");
      }
      List<ScaleOutCell.Result> results = new ArrayList<>();
      for (int p : partitions) {
        for (int k : instances) {
          System.err.printf(
              Locale.ROOT,
              "  [cell] %d partition(s), %d instance(s) per stage... (load %s)%n",
              p,
              k,
              LoadAverage.now());
          ScaleOutCell.Result r = runCell(dir, "p" + p + "-k" + k, p, k, events, span, start);
          results.add(r);
          System.err.printf(
              Locale.ROOT,
              "         %,.0f rows/s, %.1f s for the cell%n",
              r.rowsPerSecond(),
              sec(r.cell()));
        }
      }
      table(results);
      out.printf(Locale.ROOT, "%nLoad average at the end: %s (1/5/15 min)%n", LoadAverage.now());
      return results.stream().allMatch(ScaleOutCell.Result::reconciled) ? 0 : 1;
    } catch (Exception e) {
      System.err.println("pipeline-benchmark scale-out: failed: " + e.getMessage());
      e.printStackTrace(System.err);
      return 1;
    }
  }

  private ScaleOutCell.Result runCell(
      Path dir, String name, int p, int k, long lines, Duration span, Instant start)
      throws Exception {
    Path lake = dir.resolve(name + "-lake");
    try {
      ScaleOutCell.Result r =
          ScaleOutCell.run(p, k, lines, span, start, seed, lake, Duration.ofMinutes(5));
      Files.writeString(dir.resolve(name + ".log"), r.output());
      return r;
    } finally {
      deleteRecursively(lake);
    }
  }

  private void validate() {
    if (events < 1_000 || events > 100_000_000) {
      throw new ParameterException(
          spec.commandLine(), "--events must be between 1,000 and 100,000,000");
    }
    if (warmUp != 0 && (warmUp < 1_000 || warmUp > 100_000_000)) {
      throw new ParameterException(
          spec.commandLine(), "--warm-up must be 0 or between 1,000 and 100,000,000");
    }
    for (int p : partitions) {
      if (p < 1 || p > 64) {
        throw new ParameterException(
            spec.commandLine(), "--partitions: each between 1 and 64, got " + p);
      }
    }
    for (int k : instances) {
      if (k < 1 || k > 16) {
        throw new ParameterException(
            spec.commandLine(), "--instances: each between 1 and 16, got " + k);
      }
    }
  }

  /** The event time {@code lines} cover at {@code logpipe local}'s density, at least 10 minutes. */
  static Duration spanOf(long lines) {
    return Duration.ofSeconds(Math.max(600, Math.round(lines / LOCAL_EVENTS_PER_HOUR * 3600)));
  }

  private void header(Path dir, Duration span) {
    out.printf(
        Locale.ROOT,
        "logpipe scale-out benchmark, %s%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.printf(
        Locale.ROOT,
        "machine: %d cores, load average %s (1/5/15 min); Java %s, max heap %,d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    out.printf(
        Locale.ROOT,
        "per cell: `logpipe local --events %d --span %s --seed %d --partitions P --processors K "
            + "--sinks K --no-analytics` (%.0f%% late, %.0f%% malformed); partitions %s x instances %s; "
            + "runs' output in %s%n",
        events,
        span,
        seed,
        100 * BenchSettings.LATE_FRACTION,
        100 * BenchSettings.INVALID_FRACTION,
        partitions,
        instances,
        dir);
    out.flush();
  }

  private void table(List<ScaleOutCell.Result> results) {
    out.printf(Locale.ROOT, "%n== Scale-out: %,d lines per cell ==%n", events);
    out.printf(
        Locale.ROOT,
        "  %4s %4s %9s %8s %9s %7s %8s %8s %9s %9s %-12s %-11s %s%n",
        "P",
        "K",
        "rows",
        "e2e s",
        "rows/s",
        "late",
        "rebal p",
        "rebal s",
        "CPU s/M",
        "cell s/M",
        "final+late",
        "reconciled",
        "load (1/5/15)");
    for (ScaleOutCell.Result r : results) {
      out.printf(
          Locale.ROOT,
          "  %4d %4d %,9d %8.2f %,9.0f %,7d %8d %8d %9.1f %9.1f %-12s %-11s %s%n",
          r.partitions(),
          r.instances(),
          r.rows(),
          sec(r.endToEnd()),
          r.rowsPerSecond(),
          r.late(),
          r.processorRebalances(),
          r.sinkRebalances(),
          r.cpuPerMillion(),
          r.cellCpuPerMillion(),
          r.windowsOff() == 0 ? "held" : r.windowsOff() + " off",
          r.reconciled() ? "yes" : "NO",
          r.loadAverage());
    }
    out.printf(
        Locale.ROOT,
        "%n  P partitions of every topic, K processor and K sink instances in the JVM; e2e: from the run's"
            + " line before ingest starts%n  to its ingest summary, printed once the lake holds every"
            + " curated row; rows/s: rows in the lake / e2e.%n  late: events counted on the late-counts"
            + " topic. rebal p / s: rebalances of the processors' and the sinks' group (the%n  consumers'"
            + " rebalance-total meter, highest member; the first join counts as one); every member's, summed:"
            + " %s.%n  CPU s/M: process CPU-seconds (all threads: broker, ingest, stages) per million lines"
            + " over e2e; cell s/M: over the%n  whole run (broker start to close). final+late: final + late"
            + " = curated for every window and status.%n",
        results.stream().map(r -> String.valueOf(r.memberRebalances())).toList());
    out.flush();
  }

  private static double sec(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
