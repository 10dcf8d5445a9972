package io.logpipe.cli.bench;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Sustained: the generator into {@code logs_raw} (one partition), at full speed or at a set rate,
 * while the processor and the sink run, on a fresh broker. Measures events/s from the start of
 * ingest to the last row in the lake, and the latency from a line's acknowledgement in {@code
 * logs_raw} to its window's final count reaching a consumer of {@code logs_status_counts}. The
 * generator's simulated clock runs fast enough that windows close during the run.
 */
final class SustainedRun {

  /**
   * @param rate lines/s the generator was paced at; 0 for full speed
   * @param events lines generated
   * @param validRows rows the lake must hold
   * @param span event time the lines cover
   * @param elapsed from the start of ingest until the lake held every valid row
   * @param curatedAfter from the same start until the processor had curated every valid line
   * @param ingestElapsed the ingest run alone (generate, send, every line acknowledged)
   * @param lineLatency line acknowledged in logs_raw -> its window's final count seen, over counted
   *     lines
   * @param closeLatency the line that closes a window acknowledged -> that window's final counts
   *     seen
   * @param countedLines lines whose latency was measured
   * @param openAtEnd lines in windows that no later event closes (the run's last window + grace)
   * @param droppedLate valid lines later than their window's grace (in the lake, in no count)
   * @param missingCounts final counts expected but not seen within the wait (0 unless something is
   *     wrong)
   * @param finalCounts final counts expected
   * @param ackSamples samples of the acknowledgement counter that saw it move
   */
  record Result(
      double rate,
      long events,
      long validRows,
      Duration span,
      Duration elapsed,
      Duration curatedAfter,
      Duration ingestElapsed,
      Percentiles lineLatency,
      Percentiles closeLatency,
      long countedLines,
      long openAtEnd,
      long droppedLate,
      long missingCounts,
      long finalCounts,
      int ackSamples) {

    double eventsPerSecond() {
      return events / (elapsed.toNanos() / 1e9);
    }

    /** Simulated seconds per wall second at which event time went through the processor. */
    double processorSpeed() {
      return span.toNanos() / (double) curatedAfter.toNanos();
    }

    /** Simulated seconds per wall second at which event time went into logs_raw. */
    double ingestSpeed() {
      return span.toNanos() / (double) ingestElapsed.toNanos();
    }
  }

  private SustainedRun() {}

  static Result run(GeneratorConfig config, Path dir) throws Exception {
    ProcessorConfig defaults = ProcessorConfig.defaults();
    WindowTimeline timeline =
        WindowTimeline.of(config, defaults.windowSize(), defaults.windowGrace());
    long valid = timeline.validLines();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), true, Map.of())) {
      String bootstrap = kafka.bootstrapServers();
      kafka.createTopic(Topics.RAW, BenchSettings.SUSTAINED_PARTITIONS);
      try (PipelineStages stages =
          PipelineStages.start(bootstrap, dir, BenchSettings.SUSTAINED_PARTITIONS)) {
        if (!stages.processor().awaitRunning(BenchSettings.PART_TIMEOUT)) {
          throw new IllegalStateException(
              "the stream processor did not reach RUNNING: " + stages.processor().state());
        }
        FinalCountWatcher watcher =
            FinalCountWatcher.start(bootstrap, stages.processor().config().statusCountsTopic());
        try {
          IngestRun ingest =
              IngestRun.generator(
                  config,
                  ProducerSettings.builder().bootstrapServers(bootstrap).topic(Topics.RAW).build());
          AckTimeline acks = AckTimeline.start(ingest.counters()::acknowledged);
          Thread ingestThread = new Thread(ingest, "sustained-ingest");
          long t0 = System.nanoTime();
          ingestThread.start();
          long[] curatedAt = {-1};
          long done =
              Waits.until(
                  "sustained",
                  BenchSettings.PART_TIMEOUT,
                  () -> {
                    if (curatedAt[0] < 0 && stages.curated() >= valid) {
                      curatedAt[0] = System.nanoTime();
                    }
                    return stages.rowsInLake() >= valid;
                  },
                  () ->
                      String.format(
                          Locale.ROOT,
                          "acknowledged %,d; %s; final counts %,d",
                          ingest.counters().acknowledged(),
                          stages.status(),
                          watcher.seen()));
          IngestSummary summary = ingest.awaitSummary(BenchSettings.PART_TIMEOUT);
          ingestThread.join();
          acks.close();
          if (summary == null
              || summary.outcome() != IngestSummary.Outcome.COMPLETED
              || summary.acknowledged() != config.events()) {
            throw new IllegalStateException(
                "ingest did not deliver every line: "
                    + (summary == null ? "still running" : summary.render()));
          }
          if (stages.rowsInLake() != valid) {
            throw new IllegalStateException(
                "the lake holds " + stages.rowsInLake() + " rows, expected " + valid);
          }
          try {
            Waits.until(
                "final counts",
                BenchSettings.COUNTS_TIMEOUT,
                () -> watcher.hasAll(timeline.closedKeys()),
                () ->
                    String.format(
                        Locale.ROOT,
                        "%,d of %,d final counts",
                        watcher.seen(),
                        timeline.closedKeys().size()));
          } catch (IllegalStateException e) {
            System.err.println(
                "  [sustained] " + e.getMessage()); // reported as missing counts below
          }
          return measure(
              config,
              timeline,
              acks,
              watcher,
              summary,
              t0,
              done,
              curatedAt[0] < 0 ? done : curatedAt[0]);
        } finally {
          watcher.close();
        }
      }
    }
  }

  private static Result measure(
      GeneratorConfig config,
      WindowTimeline timeline,
      AckTimeline acks,
      FinalCountWatcher watcher,
      IngestSummary summary,
      long t0,
      long done,
      long curatedAt) {
    long[] lineLatency = new long[timeline.lines()];
    int counted = 0;
    long openAtEnd = 0;
    for (int i = 0; i < timeline.lines(); i++) {
      long key = timeline.keyOf(i);
      if (key == WindowTimeline.NONE) {
        continue;
      }
      if (timeline.closingLine(WindowTimeline.windowStart(key)) < 0) {
        openAtEnd++;
        continue;
      }
      long seen = watcher.seenNanos(key);
      long acked = acks.ackNanos(i);
      if (seen >= 0 && acked >= 0) {
        lineLatency[counted++] = seen - acked;
      }
    }
    long[] closeLatency = new long[timeline.closedKeys().size()];
    int closes = 0;
    long missing = 0;
    for (long key : timeline.closedKeys()) {
      long seen = watcher.seenNanos(key);
      if (seen < 0) {
        missing++;
        continue;
      }
      long closerAcked = acks.ackNanos(timeline.closingLine(WindowTimeline.windowStart(key)));
      if (closerAcked >= 0) {
        closeLatency[closes++] = seen - closerAcked;
      }
    }
    return new Result(
        config.rate(),
        config.events(),
        timeline.validLines(),
        config.span(),
        Duration.ofNanos(done - t0),
        Duration.ofNanos(curatedAt - t0),
        summary.elapsed(),
        Percentiles.of(lineLatency, counted),
        Percentiles.of(closeLatency, closes),
        counted,
        openAtEnd,
        timeline.droppedLate(),
        missing,
        timeline.closedKeys().size(),
        acks.samples());
  }
}
