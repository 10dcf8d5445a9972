package io.logpipe.cli.bench;

import io.logpipe.ingest.generator.GeneratorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Settings of one benchmark run, and the fixed choices it makes, named so the output can quote
 * them.
 *
 * @param events generated lines per part (catch-up backlog, ceiling records, sustained run)
 * @param seed generator seed: every part sends the same lines, bar the sustained part's event times
 * @param simSpeed simulated seconds of event time per wall second aimed at in the sustained part
 * @param start event time of the first generated line
 * @param workDir where the brokers' logs, the state stores and the lakes go (emptied first)
 */
record BenchSettings(long events, long seed, double simSpeed, Instant start, Path workDir) {

  static final long DEFAULT_EVENTS = 1_000_000L;
  static final long QUICK_EVENTS = 100_000L;
  static final double DEFAULT_SIM_SPEED = 60.0;

  /** The catch-up backlog is spread over partitions as on a real cluster. */
  static final int CATCH_UP_PARTITIONS = 3;

  /**
   * One raw partition in the sustained part: at simulated speed, several partitions' event times
   * drift apart by minutes and the window counter would drop most events as too late (see {@code
   * logpipe local --partitions}).
   */
  static final int SUSTAINED_PARTITIONS = 1;

  /**
   * Traffic shape of {@code logpipe local}'s defaults: 6 simulated hours, 5% late, 3% malformed.
   */
  static final Duration BACKLOG_SPAN = Duration.ofHours(6);

  static final double LATE_FRACTION = 0.05;
  static final double INVALID_FRACTION = 0.03;

  /**
   * The processor's partial-count flush of {@code logpipe local}: at simulated speed the default
   * 200 ms would span more event time than the 30 s grace, and counts would arrive after their
   * window closed.
   */
  static final Duration COUNT_FLUSH_INTERVAL = Duration.ofMillis(20);

  /** The sink settings of {@code logpipe local} (LocalPipeline): files published within seconds. */
  static final Duration SINK_ROTATE_AGE = Duration.ofSeconds(5);

  static final Duration SINK_IDLE_TIMEOUT = Duration.ofSeconds(2);
  static final Duration SINK_ALLOWED_LATENESS = Duration.ofSeconds(10);

  /** Bounds every wait of a part; only a hang reaches it. */
  static final Duration PART_TIMEOUT = Duration.ofMinutes(15);

  /** After the lake is complete, how long the last final counts may take to appear. */
  static final Duration COUNTS_TIMEOUT = Duration.ofMinutes(2);

  /**
   * A paced sustained run offers this share of the full-speed run's throughput, so that its latency
   * is the pipeline's own rather than the wait behind a backlog.
   */
  static final double PACED_SHARE = 0.5;

  /** Wall time a paced run aims at (fewer lines than {@link #events()} when that is enough). */
  static final Duration PACED_DURATION = Duration.ofSeconds(30);

  /** {@link #events()} lines over {@code span} of event time, at full speed (no rate limit). */
  GeneratorConfig lines(Duration span) {
    return lines(events, span, 0);
  }

  /**
   * {@code count} lines over {@code span} of event time, sent at {@code rate} lines/s (0: full
   * speed).
   */
  GeneratorConfig lines(long count, Duration span, double rate) {
    return GeneratorConfig.builder()
        .events(count)
        .rate(rate)
        .seed(seed)
        .start(start)
        .span(span)
        .lateFraction(LATE_FRACTION)
        .invalidFraction(INVALID_FRACTION)
        .build();
  }
}
