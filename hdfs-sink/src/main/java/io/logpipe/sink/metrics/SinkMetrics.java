package io.logpipe.sink.metrics;

import io.logpipe.metrics.StageMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink's meters. Counters are plain atomics (readable from any thread, with or without a
 * registry) that are exposed to Micrometer as function counters, so Prometheus names are {@code
 * logpipe_sink_*_total}; the lake's freshness is {@link LakeFreshness}'s.
 */
public final class SinkMetrics {

  private static final String PREFIX = "logpipe.sink.";

  /**
   * Bucket bounds of the commit latency histogram: a local disk's milliseconds to HDFS' seconds.
   */
  private static final Duration[] COMMIT_LATENCY_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong rowsCommitted = new AtomicLong();
  private final AtomicLong filesCommitted = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong quarantined = new AtomicLong();
  private final AtomicLong lateAfterSuccess = new AtomicLong();
  private final AtomicLong hoursCompleted = new AtomicLong();
  private final AtomicLong fencedBatches = new AtomicLong();
  private final AtomicLong openWriters = new AtomicLong();
  private final AtomicLong assignedPartitions = new AtomicLong();
  private final AtomicLong lag = new AtomicLong();
  private final Timer commitLatency;
  private final LakeFreshness freshness;

  /** Meters on {@code registry} with the system clock and the default allowed lateness. */
  public SinkMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC(), Duration.ofMinutes(15));
  }

  /**
   * Meters on {@code registry}; {@code clock} and {@code allowedLateness} are the sink's, for the
   * lake's freshness. They replace an earlier sink's on the same registry ({@code logpipe local}
   * starts its sink again after the run), and stay, with their last values, after the sink closed.
   */
  public SinkMetrics(MeterRegistry registry, Clock clock, Duration allowedLateness) {
    StageMeters.removeEarlier(registry, PREFIX);
    this.freshness = new LakeFreshness(clock, allowedLateness);
    counter(
        registry,
        "logpipe.sink.rows.written",
        "Rows written to (still hidden) Parquet files",
        rowsWritten);
    counter(registry, "logpipe.sink.rows.committed", "Rows published in the lake", rowsCommitted);
    counter(
        registry, "logpipe.sink.files.committed", "Files published in the lake", filesCommitted);
    counter(registry, "logpipe.sink.commits", "Partition commits (one manifest each)", commits);
    counter(
        registry,
        "logpipe.sink.records.quarantined",
        "Undecodable records kept in the quarantine area",
        quarantined);
    counter(
        registry,
        "logpipe.sink.rows.after.success",
        "Rows written into an hour that already had _SUCCESS (later than the allowed lateness)",
        lateAfterSuccess);
    counter(registry, "logpipe.sink.hours.completed", "_SUCCESS markers written", hoursCompleted);
    counter(
        registry,
        "logpipe.sink.batches.fenced",
        "Batches discarded because another instance owned the offsets",
        fencedBatches);
    gauge(
        registry,
        "logpipe.sink.open.writers",
        "Parquet writers open in this instance",
        openWriters);
    gauge(
        registry,
        "logpipe.sink.assigned.partitions",
        "Kafka partitions this instance owns now",
        assignedPartitions);
    gauge(registry, "logpipe.sink.lag", "Records in the assigned partitions not yet read", lag);
    commitLatency =
        Timer.builder("logpipe.sink.commit.latency")
            .description("Time to commit one partition batch (close files, manifest, publish)")
            .serviceLevelObjectives(COMMIT_LATENCY_BUCKETS)
            .register(registry);
    freshness.bindTo(registry);
  }

  private static void counter(MeterRegistry r, String name, String help, AtomicLong value) {
    FunctionCounter.builder(name, value, AtomicLong::doubleValue).description(help).register(r);
  }

  /**
   * Gauges hold their object weakly: pass the field itself (kept alive by this class), never a
   * lambda.
   */
  private static void gauge(MeterRegistry r, String name, String help, AtomicLong value) {
    Gauge.builder(name, value, AtomicLong::doubleValue).description(help).register(r);
  }

  /** The lake's freshness as this instance sees it. */
  public LakeFreshness freshness() {
    return freshness;
  }

  public void rowsWritten(long n) {
    rowsWritten.addAndGet(n);
  }

  public void quarantined() {
    quarantined.incrementAndGet();
  }

  public void lateAfterSuccess() {
    lateAfterSuccess.incrementAndGet();
  }

  public void lateAfterSuccess(long rows) {
    lateAfterSuccess.addAndGet(rows);
  }

  public void hourCompleted() {
    hoursCompleted.incrementAndGet();
    freshness.successWritten();
  }

  public void fenced() {
    fencedBatches.incrementAndGet();
  }

  public void openWriters(long n) {
    openWriters.set(n);
  }

  public void lag(long n) {
    lag.set(n);
  }

  public void assignedPartitions(long n) {
    assignedPartitions.set(n);
  }

  /** A batch is in the lake; its newest event time is {@code maxEventMicros} (-1: unknown). */
  public void committed(long rows, int files, Duration took, long maxEventMicros) {
    rowsCommitted.addAndGet(rows);
    filesCommitted.addAndGet(files);
    commits.incrementAndGet();
    commitLatency.record(took);
    freshness.committed(maxEventMicros);
  }

  public long rowsWritten() {
    return rowsWritten.get();
  }

  public long rowsCommitted() {
    return rowsCommitted.get();
  }

  public long filesCommitted() {
    return filesCommitted.get();
  }

  public long commits() {
    return commits.get();
  }

  public long quarantinedCount() {
    return quarantined.get();
  }

  public long hoursCompleted() {
    return hoursCompleted.get();
  }

  public long openWriters() {
    return openWriters.get();
  }

  public long lag() {
    return lag.get();
  }

  public long assignedPartitions() {
    return assignedPartitions.get();
  }
}
