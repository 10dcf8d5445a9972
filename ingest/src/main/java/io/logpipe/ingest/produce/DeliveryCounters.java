package io.logpipe.ingest.produce;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counts of one ingest run, safe to read from any thread while the run goes on. Every line
 * handed to the producer ends up in exactly one of acknowledged, failed or oversize (once the run
 * has finished).
 */
public final class DeliveryCounters {

  private final LongAdder sent = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder oversize = new LongAdder();

  /** Lines handed to the producer (oversize lines included). */
  public long sent() {
    return sent.sum();
  }

  /** Lines the broker acknowledged (written to all in-sync replicas). */
  public long acknowledged() {
    return acknowledged.sum();
  }

  /**
   * Lines whose delivery failed (broker unavailable past the delivery timeout, authorisation, …).
   */
  public long failed() {
    return failed.sum();
  }

  /**
   * Lines not delivered because they exceed the producer's or the broker's maximum message size.
   */
  public long oversize() {
    return oversize.sum();
  }

  /** Lines sent but not yet acknowledged, failed or rejected as oversize. */
  public long inFlight() {
    return Math.max(0, sent() - acknowledged() - failed() - oversize());
  }

  void addSent() {
    sent.increment();
  }

  void addAcknowledged() {
    acknowledged.increment();
  }

  void addFailed() {
    failed.increment();
  }

  void addOversize() {
    oversize.increment();
  }
}
