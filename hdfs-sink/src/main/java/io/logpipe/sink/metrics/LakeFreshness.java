package io.logpipe.sink.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How current the lake is, as this sink instance sees it: the newest event time it has committed
 * (freshness: now minus that), its event-time watermark, and when it last wrote {@code _SUCCESS}.
 * Ages are computed at each scrape from the sink's clock, so they grow while nothing happens, which
 * is what an alert needs. Readable from any thread.
 */
public final class LakeFreshness {

  private static final long NONE = Long.MIN_VALUE;

  private final Clock clock;
  private final Duration allowedLateness;
  private final Instant started;
  private final AtomicLong newestCommittedMicros = new AtomicLong(NONE);
  private final AtomicLong watermarkMillis = new AtomicLong(NONE);
  private final AtomicLong lastSuccessMillis = new AtomicLong(NONE);

  public LakeFreshness(Clock clock, Duration allowedLateness) {
    this.clock = clock;
    this.allowedLateness = allowedLateness;
    this.started = clock.instant();
  }

  /**
   * Rows up to event time {@code maxEventMicros} (epoch microseconds; -1: none) are in the lake.
   */
  public void committed(long maxEventMicros) {
    if (maxEventMicros >= 0) {
      newestCommittedMicros.accumulateAndGet(maxEventMicros, Math::max);
    }
  }

  /** The watermark the sink completes hours by. */
  public void watermark(Instant watermark) {
    watermarkMillis.set(watermark.toEpochMilli());
  }

  /** A {@code _SUCCESS} marker was written now. */
  public void successWritten() {
    lastSuccessMillis.set(clock.millis());
  }

  /** Seconds from the newest event time committed to now; NaN before the first commit. */
  public double freshnessSeconds() {
    long micros = newestCommittedMicros.get();
    return micros == NONE ? Double.NaN : (clock.millis() * 1_000.0 - micros) / 1_000_000.0;
  }

  /** The watermark in epoch seconds; NaN while there is none. */
  public double watermarkEpochSeconds() {
    long millis = watermarkMillis.get();
    return millis == NONE ? Double.NaN : millis / 1_000.0;
  }

  /**
   * Seconds since this instance last wrote {@code _SUCCESS}, or since it started when it has not
   * written one yet: an instance that never completes an hour ages like one that stopped doing so.
   */
  public double lastSuccessAgeSeconds() {
    long millis = lastSuccessMillis.get();
    long since = millis == NONE ? started.toEpochMilli() : millis;
    return (clock.millis() - since) / 1_000.0;
  }

  void bindTo(MeterRegistry registry) {
    Gauge.builder("logpipe.sink.freshness", this, LakeFreshness::freshnessSeconds)
        .baseUnit("seconds")
        .description("Now minus the newest event time this sink committed to the lake")
        .register(registry);
    Gauge.builder("logpipe.sink.watermark.timestamp", this, LakeFreshness::watermarkEpochSeconds)
        .baseUnit("seconds")
        .description("The sink's event-time watermark (hours complete by it), epoch seconds")
        .register(registry);
    Gauge.builder("logpipe.sink.last.success.age", this, LakeFreshness::lastSuccessAgeSeconds)
        .baseUnit("seconds")
        .description("Time since this sink last wrote _SUCCESS (or started, if never)")
        .register(registry);
    Gauge.builder("logpipe.sink.allowed.lateness", allowedLateness, d -> d.toMillis() / 1e3)
        .baseUnit("seconds")
        .description("How far the watermark passes an hour's end before its _SUCCESS")
        .register(registry);
  }
}
