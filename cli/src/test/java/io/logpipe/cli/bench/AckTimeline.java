package io.logpipe.cli.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * When each line of an ingest run into ONE partition was acknowledged, by sampling the run's
 * acknowledged-lines counter. Within a partition an idempotent producer completes batches, and
 * their callbacks, in send order, so the counter passing {@code i} means line {@code i} is
 * acknowledged. A line's time is the first sample that saw it acknowledged: late by at most {@link
 * #SAMPLE_NANOS} plus scheduling delay.
 */
final class AckTimeline implements AutoCloseable {

  static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final LongSupplier acknowledged;
  private final Thread sampler;
  private volatile boolean running = true;
  // Written by the sampler only; read after close() has joined it.
  private long[] counts = new long[4096];
  private long[] times = new long[4096];
  private int size;

  private AckTimeline(LongSupplier acknowledged) {
    this.acknowledged = acknowledged;
    this.sampler = new Thread(this::sample, "ack-timeline");
    this.sampler.setDaemon(true);
  }

  /** Starts sampling {@code acknowledged} (a live counter of acknowledged lines). */
  static AckTimeline start(LongSupplier acknowledged) {
    AckTimeline timeline = new AckTimeline(acknowledged);
    timeline.sampler.start();
    return timeline;
  }

  private void sample() {
    long last = 0;
    while (running) {
      last = record(last);
      LockSupport.parkNanos(SAMPLE_NANOS);
    }
    record(last);
  }

  private long record(long last) {
    long now = System.nanoTime();
    long count = acknowledged.getAsLong();
    if (count > last) {
      if (size == counts.length) {
        counts = Arrays.copyOf(counts, size * 2);
        times = Arrays.copyOf(times, size * 2);
      }
      counts[size] = count;
      times[size] = now;
      size++;
    }
    return Math.max(last, count);
  }

  /** Stops sampling after a last sample; call once the run has ended. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join();
  }

  /**
   * {@link System#nanoTime()} at which line {@code index} (from 0) was seen acknowledged, or -1 if
   * never.
   */
  long ackNanos(long index) {
    // first sample whose count exceeds index
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (counts[mid] > index) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo < size ? times[lo] : -1;
  }

  /** Samples that saw the count move. */
  int samples() {
    return size;
  }
}
