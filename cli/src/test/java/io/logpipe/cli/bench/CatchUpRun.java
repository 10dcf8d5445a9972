package io.logpipe.cli.bench;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.TrafficGenerator;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import io.logpipe.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Catch-up: a backlog of generated lines already in {@code logs_raw} (3 partitions), then the
 * processor and the sink are started and timed until the lake holds a row for every valid line.
 */
final class CatchUpRun {

  /**
   * @param lines lines in the backlog
   * @param validRows rows the lake must hold (the valid lines)
   * @param elapsed from starting the processor and the sink until the lake held every valid row
   * @param runningAfter from the same start until Kafka Streams reported RUNNING
   * @param curatedAfter from the same start until the processor had curated every valid line
   * @param baselineRssKib resident memory when the stages started (broker up, backlog written)
   * @param peakRssKib peak resident memory of the process from then to the end; -1 if unknown
   * @param peakIsOfRun whether the peak was reset at the start (else it covers the process's whole
   *     life)
   */
  record Result(
      long lines,
      long validRows,
      Duration elapsed,
      Duration runningAfter,
      Duration curatedAfter,
      long baselineRssKib,
      long peakRssKib,
      boolean peakIsOfRun) {
    double rowsPerSecond() {
      return validRows / (elapsed.toNanos() / 1e9);
    }

    /**
     * Lines per second the processor went through once running (start-up and the sink's last files
     * excluded).
     */
    double processorRate() {
      return lines / (curatedAfter.minus(runningAfter).toNanos() / 1e9);
    }
  }

  private CatchUpRun() {}

  static Result run(BenchSettings settings, Path dir) throws Exception {
    GeneratorConfig config = settings.lines(BenchSettings.BACKLOG_SPAN);
    long valid = TrafficGenerator.lines(config).filter(GeneratedLine::valid).count();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), true, Map.of())) {
      kafka.createTopic(Topics.RAW, BenchSettings.CATCH_UP_PARTITIONS);
      System.err.printf(
          "  [catch-up] writing the backlog of %,d lines to %s (not timed)...%n",
          config.events(), Topics.RAW);
      IngestRun backlog =
          IngestRun.generator(
              config,
              ProducerSettings.builder()
                  .bootstrapServers(kafka.bootstrapServers())
                  .topic(Topics.RAW)
                  .build());
      backlog.run();
      IngestSummary written = backlog.summary();
      if (written.outcome() != IngestSummary.Outcome.COMPLETED
          || written.acknowledged() != config.events()) {
        throw new IllegalStateException("the backlog was not written: " + written.render());
      }

      System.gc(); // start the measured part from a settled heap, not the backlog's garbage
      boolean reset = ProcessMemory.resetPeak();
      long baseline = ProcessMemory.rssKib();
      long t0 = System.nanoTime();
      try (PipelineStages stages =
          PipelineStages.start(kafka.bootstrapServers(), dir, BenchSettings.CATCH_UP_PARTITIONS)) {
        long[] curatedAt = {-1};
        long[] runningAt = {-1};
        long done =
            Waits.until(
                "catch-up",
                BenchSettings.PART_TIMEOUT,
                () -> {
                  if (runningAt[0] < 0
                      && stages.processor().state() == KafkaStreams.State.RUNNING) {
                    runningAt[0] = System.nanoTime();
                  }
                  if (curatedAt[0] < 0 && stages.curated() >= valid) {
                    curatedAt[0] = System.nanoTime();
                  }
                  return stages.rowsInLake() >= valid;
                },
                stages::status);
        long peak = ProcessMemory.peakRssKib();
        if (stages.rowsInLake() != valid) {
          throw new IllegalStateException(
              "the lake holds " + stages.rowsInLake() + " rows, expected " + valid);
        }
        return new Result(
            config.events(),
            valid,
            Duration.ofNanos(done - t0),
            Duration.ofNanos((runningAt[0] < 0 ? done : runningAt[0]) - t0),
            Duration.ofNanos((curatedAt[0] < 0 ? done : curatedAt[0]) - t0),
            baseline,
            peak,
            reset);
      }
    }
  }
}
