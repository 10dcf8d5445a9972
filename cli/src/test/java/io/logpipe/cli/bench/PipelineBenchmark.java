package io.logpipe.cli.bench;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.TrafficGenerator;
import io.logpipe.processor.config.ProcessorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The end-to-end benchmark of issue 5, in one JVM on in-process brokers and local-directory lakes:
 * catch-up of a backlog, the Kafka-only ceiling of the same hops, the sustained pipeline fed by the
 * generator, and their ratios beside the targets. Figures are printed, never asserted. Run
 * it with {@code cli/bin/pipeline-benchmark}.
 *
 * <p>Parts run in this order: catch-up first, so that its peak RSS is not inflated by the ceiling's
 * lines held in memory; then the ceiling; then the sustained run, whose simulated clock is paced
 * from the catch-up rate.
 */
@Command(
    name = "pipeline-benchmark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "End-to-end benchmark of logpipe on this machine: in-process KRaft broker,",
      "local-directory lakes under --work-dir, one JVM. Prints, in one run:",
      "  catch-up   N lines already in logs_raw (3 partitions): processor + sink",
      "             until every valid row is in the lake (rows/s, peak RSS)",
      "  ceiling    Kafka alone over the same hops and bytes: produce A, relay",
      "             A->B, consume B (3 and 1 partitions)",
      "  sustained  the generator at full speed into logs_raw (1 partition),",
      "             processor + sink running: events/s and latency; then paced",
      "             at half that rate (<= 30 s of lines) for the latency of a",
      "             pipeline that keeps up",
      "and the ratios to the ceiling beside issue 5's targets (never asserted)."
    })
public final class PipelineBenchmark implements Callable<Integer> {

  /** Issue 5's targets. */
  static final double CATCH_UP_TARGET_ROWS_PER_SECOND = 100_000;

  static final double SUSTAINED_TARGET_SHARE_OF_CEILING = 0.60;
  private static final Duration WINDOW = ProcessorConfig.defaults().windowSize();
  private static final Duration GRACE = ProcessorConfig.defaults().windowGrace();

  @Spec CommandSpec spec;

  @Option(names = "--events", description = "Lines per part, at least 1,000 (default: 1,000,000).")
  Long events;

  @Option(names = "--quick", description = "A smoke run: 100,000 lines per part.")
  boolean quick;

  @Option(
      names = "--sim-speed",
      defaultValue = "60",
      description =
          "Simulated seconds of event time per wall second aimed at in the sustained part, so that "
              + "1-minute windows close during the run (default: ${DEFAULT-VALUE}).")
  double simSpeed;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--work-dir",
      defaultValue = "target/pipeline-bench",
      description =
          "Brokers' logs, state stores and lakes; emptied first (default: ${DEFAULT-VALUE}).")
  Path workDir;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    BenchSettings settings = settings();
    header(settings);
    try {
      deleteRecursively(settings.workDir());

      CatchUpRun.Result catchUp = CatchUpRun.run(settings, settings.workDir().resolve("catch-up"));
      deleteRecursively(settings.workDir().resolve("catch-up"));
      printCatchUp(catchUp);
      if ("catch-up".equals(System.getProperty("bench.only"))) { // A/B runs of the catch-up alone
        return 0;
      }

      List<KafkaCeiling.Result> ceilings = ceilings(settings);
      KafkaCeiling.Result ceiling3 = ceilings.get(0);
      KafkaCeiling.Result ceiling1 = ceilings.get(1);
      printCeiling(ceilings);

      // Full speed: the simulated clock is set so that event time goes through the processor
      // ~sim-speed times
      // faster than wall time, taking the processor's pace in the catch-up (start-up excluded) as
      // the guess.
      Duration span = eventSpan(settings.events(), catchUp.processorRate(), settings.simSpeed());
      SustainedRun.Result sustained =
          SustainedRun.run(settings.lines(span), settings.workDir().resolve("sustained"));
      deleteRecursively(settings.workDir().resolve("sustained"));
      printSustained(settings, sustained);

      // Paced at a share of that throughput: the latency of a pipeline that keeps up, not of a
      // backlog.
      double rate = Math.round(sustained.eventsPerSecond() * BenchSettings.PACED_SHARE);
      long pacedEvents =
          Math.min(
              settings.events(),
              Math.max(1_000, Math.round(rate * BenchSettings.PACED_DURATION.toSeconds())));
      SustainedRun.Result paced =
          SustainedRun.run(
              settings.lines(pacedEvents, eventSpan(pacedEvents, rate, settings.simSpeed()), rate),
              settings.workDir().resolve("paced"));
      deleteRecursively(settings.workDir().resolve("paced"));
      printSustained(settings, paced);

      printRatios(catchUp, ceiling3, sustained, ceiling1, paced);
      out.printf(Locale.ROOT, "%nLoad average at the end: %s%n", loadAverage());
      return 0;
    } catch (Exception e) {
      System.err.println("pipeline-benchmark: failed: " + e.getMessage());
      e.printStackTrace(System.err);
      return 1;
    }
  }

  private BenchSettings settings() {
    if (quick && events != null) {
      throw new ParameterException(spec.commandLine(), "--quick and --events exclude each other");
    }
    long n =
        quick ? BenchSettings.QUICK_EVENTS : events != null ? events : BenchSettings.DEFAULT_EVENTS;
    if (n < 1_000 || n > Integer.MAX_VALUE) {
      throw new ParameterException(
          spec.commandLine(), "--events must be between 1,000 and " + Integer.MAX_VALUE);
    }
    if (!(simSpeed > 0) || Double.isInfinite(simSpeed)) {
      throw new ParameterException(spec.commandLine(), "--sim-speed must be > 0");
    }
    // Event times lie in the past (yesterday), as the processor rejects events far ahead of the
    // wall clock.
    Instant start =
        LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new BenchSettings(n, seed, simSpeed, start, workDir.toAbsolutePath().normalize());
  }

  /**
   * The ceiling with the catch-up's partitions, then with the sustained part's, on one fresh
   * broker.
   */
  private static List<KafkaCeiling.Result> ceilings(BenchSettings settings) throws Exception {
    // The same bytes as the catch-up's backlog, built before the clock starts (~270 MB for
    // 1,000,000 lines).
    List<byte[]> lines =
        TrafficGenerator.lines(settings.lines(BenchSettings.BACKLOG_SPAN))
            .map(GeneratedLine::bytes)
            .toList();
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(settings.workDir().resolve("ceiling"), true, Map.of())) {
      return List.of(
          KafkaCeiling.run(
              kafka, lines, BenchSettings.CATCH_UP_PARTITIONS, BenchSettings.PART_TIMEOUT),
          KafkaCeiling.run(
              kafka, lines, BenchSettings.SUSTAINED_PARTITIONS, BenchSettings.PART_TIMEOUT));
    } finally {
      deleteRecursively(settings.workDir().resolve("ceiling"));
    }
  }

  /**
   * Event time for {@code lines} to cover so that, at {@code rate} lines/s, it runs {@code speed}
   * times wall time.
   */
  private static Duration eventSpan(long lines, double rate, double speed) {
    return Duration.ofSeconds(Math.max(60, Math.round(lines / rate * speed)));
  }

  private void header(BenchSettings s) {
    out.printf(
        Locale.ROOT,
        "logpipe end-to-end pipeline benchmark, %s%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.printf(
        Locale.ROOT,
        "machine: %d cores, load average %s; Java %s, max heap %,d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    out.printf(
        Locale.ROOT,
        "lines per part: %,d (generator seed %d, %.0f%% malformed, %.0f%% late); work dir %s%n",
        s.events(),
        s.seed(),
        100 * BenchSettings.INVALID_FRACTION,
        100 * BenchSettings.LATE_FRACTION,
        s.workDir());
    out.printf(
        Locale.ROOT,
        "stages as in `logpipe local`: processor exactly_once_v2, %d s windows with %d s grace, "
            + "partial counts flushed every %d ms; "
            + "sink rotates files after %d s (or %d s idle), allowed lateness %d s%n",
        WINDOW.toSeconds(),
        GRACE.toSeconds(),
        BenchSettings.COUNT_FLUSH_INTERVAL.toMillis(),
        BenchSettings.SINK_ROTATE_AGE.toSeconds(),
        BenchSettings.SINK_IDLE_TIMEOUT.toSeconds(),
        BenchSettings.SINK_ALLOWED_LATENESS.toSeconds());
    out.flush();
  }

  private void printCatchUp(CatchUpRun.Result r) {
    out.printf(
        Locale.ROOT,
        "%n== Catch-up: %,d lines already in logs_raw (%d partitions), processor + sink "
            + "started cold ==%n",
        r.lines(),
        BenchSettings.CATCH_UP_PARTITIONS);
    out.printf(
        Locale.ROOT,
        "  every valid row in the lake: %,d rows in %.2f s = %,.0f rows/s%n",
        r.validRows(),
        sec(r.elapsed()),
        r.rowsPerSecond());
    out.printf(
        Locale.ROOT,
        "  (Kafka Streams RUNNING after %.2f s; the processor had curated every line after %.2f s, "
            + "%,.0f lines/s once running; the sink publishes its last files %d s after they opened or after %d s idle)%n",
        sec(r.runningAfter()),
        sec(r.curatedAfter()),
        r.processorRate(),
        BenchSettings.SINK_ROTATE_AGE.toSeconds(),
        BenchSettings.SINK_IDLE_TIMEOUT.toSeconds());
    out.printf(
        Locale.ROOT,
        "  peak RSS of the process: %s (VmHWM%s; RSS when the stages started: %s)%n",
        mib(r.peakRssKib()),
        r.peakIsOfRun() ? ", reset when the stages started" : ", whole process life",
        mib(r.baselineRssKib()));
    out.flush();
  }

  private void printCeiling(List<KafkaCeiling.Result> results) {
    out.printf(
        Locale.ROOT,
        "%n== Kafka-only ceiling: the same lines produced to A, relayed A->B by a plain "
            + "consumer->producer loop, consumed from B (all at once) ==%n");
    out.printf(
        Locale.ROOT,
        "  (both producers with ingest's settings: idempotent, acks=all, lz4, 512 KiB batches, "
            + "10 ms linger; no transactions, no offset commits)%n");
    for (KafkaCeiling.Result r : results) {
      out.printf(
          Locale.ROOT,
          "  %d partition%s: %,d records (%.0f B mean) in %.2f s = %,.0f records/s through "
              + "the whole chain (A fully acknowledged after %.2f s)%n",
          r.partitions(),
          r.partitions() == 1 ? "" : "s",
          r.records(),
          r.bytes() / (double) r.records(),
          sec(r.elapsed()),
          r.recordsPerSecond(),
          sec(r.producedAfter()));
      out.printf(
          Locale.ROOT,
          "  %d partition%s, the hops one after another (issue 5's sum of the hops' costs): "
              + "produce %.2f s + relay %.2f s + consume %.2f s = %.2f s = %,.0f records/s%n",
          r.partitions(),
          r.partitions() == 1 ? "" : "s",
          sec(r.hops().get(0)),
          sec(r.hops().get(1)),
          sec(r.hops().get(2)),
          sec(r.hopsTotal()),
          r.hopsRecordsPerSecond());
    }
    out.flush();
  }

  private void printSustained(BenchSettings s, SustainedRun.Result r) {
    String feed =
        r.rate() > 0
            ? String.format(
                Locale.ROOT,
                "paced at %,.0f lines/s (%.0f%% of the full-speed rate)",
                r.rate(),
                100 * BenchSettings.PACED_SHARE)
            : "at full speed";
    out.printf(
        Locale.ROOT,
        "%n== Sustained, %s: the generator into logs_raw (%d partition), processor + sink "
            + "running ==%n",
        feed,
        BenchSettings.SUSTAINED_PARTITIONS);
    out.printf(
        Locale.ROOT,
        "  %,d events from ingest start to the last of %,d rows in the lake: %.2f s = %,.0f "
            + "events/s%n",
        r.events(),
        r.validRows(),
        sec(r.elapsed()),
        r.eventsPerSecond());
    out.printf(
        Locale.ROOT,
        "  (ingest alone took %.2f s; the processor had curated every line after %.2f s)%n",
        sec(r.ingestElapsed()),
        sec(r.curatedAfter()));
    out.printf(
        Locale.ROOT,
        "  event time: %s, into logs_raw at %.0fx wall time, through the processor at %.0fx "
            + "(aimed at %.0fx)%n",
        r.span(),
        r.ingestSpeed(),
        r.processorSpeed(),
        s.simSpeed());
    out.printf(
        Locale.ROOT,
        "  latency, line -> its window's final count:  %s over %,d lines%n",
        r.lineLatency().render(),
        r.countedLines());
    out.printf(
        Locale.ROOT,
        "  latency, window closed -> its final counts: %s over %,d counts%n",
        r.closeLatency().render(),
        r.closeLatency().count());
    if (r.rate() == 0) {
      out.printf(
          Locale.ROOT,
          "  At full speed ingest outruns the processor: these latencies are mostly the wait "
              + "behind the backlog in logs_raw, and grow with the number of lines; the paced run below shows the "
              + "pipeline's own.%n");
    }
    if (r.missingCounts() > 0) {
      out.printf(
          Locale.ROOT,
          "  WARNING: %,d of %,d expected final counts never arrived%n",
          r.missingCounts(),
          r.finalCounts());
    }
    out.flush();
  }

  private void printLatencyDefinition() {
    out.printf(
        Locale.ROOT,
        "%nLatency is measured per line: from the wall time its producer acknowledgement from "
            + "logs_raw was seen (the run's acknowledged-lines counter, sampled every %d ms; one partition keeps "
            + "acknowledgements in line order) to the wall time a read_committed consumer of logs_status_counts received "
            + "the final count of the line's window and status. It includes the wait for the window to close: its end "
            + "plus %d s grace of event time, %d to %d s of event time after the line, i.e. %.1f to %.1f s of wall time "
            + "at %.0fx. 'Window closed' starts instead at the acknowledgement of the first line whose event time closes "
            + "the window: the pipeline's own delay. Not measured: malformed lines, valid lines later than their "
            + "window's grace (in the lake, in no count), lines in the last windows, which no later event closes.%n",
        AckTimeline.SAMPLE_NANOS / 1_000_000,
        GRACE.toSeconds(),
        GRACE.toSeconds(),
        WINDOW.toSeconds() + GRACE.toSeconds(),
        GRACE.toSeconds() / simSpeed,
        (WINDOW.toSeconds() + GRACE.toSeconds()) / simSpeed,
        simSpeed);
  }

  private void printRatios(
      CatchUpRun.Result catchUp,
      KafkaCeiling.Result ceiling3,
      SustainedRun.Result sustained,
      KafkaCeiling.Result ceiling1,
      SustainedRun.Result paced) {
    printLatencyDefinition();
    double catchUpShare = catchUp.rowsPerSecond() / ceiling3.recordsPerSecond();
    double sustainedShare = sustained.eventsPerSecond() / ceiling1.recordsPerSecond();
    out.printf(
        Locale.ROOT,
        "%n== Summary: against the Kafka-only ceiling of the same partitions, beside issue 5's "
            + "targets (printed, not asserted) ==%n");
    out.printf(
        Locale.ROOT, "  %-28s %16s %16s %6s   %s%n", "", "measured", "ceiling", "ratio", "target");
    out.printf(
        Locale.ROOT,
        "  %-28s %,11.0f rows/s %,10.0f rec/s %5.0f%%   >= %,.0f rows/s: %s%n",
        "catch-up (3 partitions)",
        catchUp.rowsPerSecond(),
        ceiling3.recordsPerSecond(),
        100 * catchUpShare,
        CATCH_UP_TARGET_ROWS_PER_SECOND,
        met(catchUp.rowsPerSecond() >= CATCH_UP_TARGET_ROWS_PER_SECOND));
    out.printf(
        Locale.ROOT,
        "  %-28s %,11.0f ev/s   %,10.0f rec/s %5.0f%%   >= %.0f%% of ceiling: %s%n",
        "sustained (1 partition)",
        sustained.eventsPerSecond(),
        ceiling1.recordsPerSecond(),
        100 * sustainedShare,
        100 * SUSTAINED_TARGET_SHARE_OF_CEILING,
        met(sustainedShare >= SUSTAINED_TARGET_SHARE_OF_CEILING));
    double sustainedHopsShare = sustained.eventsPerSecond() / ceiling1.hopsRecordsPerSecond();
    out.printf(
        Locale.ROOT,
        "  %-28s %,11.0f ev/s   %,10.0f rec/s %5.0f%%   (ceiling as the sum of the hops' "
            + "costs, issue 5's arithmetic)%n",
        "sustained vs hops in series",
        sustained.eventsPerSecond(),
        ceiling1.hopsRecordsPerSecond(),
        100 * sustainedHopsShare);
    out.printf(
        Locale.ROOT,
        "  %-28s %,11.0f rows/s %,10.0f rec/s %5.0f%%%n",
        "catch-up vs hops in series",
        catchUp.rowsPerSecond(),
        ceiling3.hopsRecordsPerSecond(),
        100 * catchUp.rowsPerSecond() / ceiling3.hopsRecordsPerSecond());
    out.printf(
        Locale.ROOT,
        "  catch-up peak RSS %s; latency line -> final count: full speed %s; paced at %,.0f "
            + "lines/s %s%n",
        mib(catchUp.peakRssKib()),
        pN(sustained.lineLatency()),
        paced.rate(),
        pN(paced.lineLatency()));
    out.flush();
  }

  private static String met(boolean met) {
    return met ? "met" : "not met";
  }

  private static String pN(Percentiles p) {
    return p.count() == 0
        ? "n/a"
        : String.format(Locale.ROOT, "p50 %.2f s / p99 %.2f s", p.p50() / 1e9, p.p99() / 1e9);
  }

  private static double sec(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static String mib(long kib) {
    return kib < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", kib >> 10);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min)";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
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
