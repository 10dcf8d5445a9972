package io.logpipe.ingest;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-way stop request that a worker can poll cheaply or wait on instead of sleeping. */
public final class StopSignal {

  private final CountDownLatch latch = new CountDownLatch(1);
  private volatile boolean stopped;

  /** Requests the stop; idempotent, callable from any thread (a shutdown hook, for instance). */
  public void stop() {
    stopped = true;
    latch.countDown();
  }

  public boolean isStopped() {
    return stopped;
  }

  /**
   * Waits up to {@code timeout} for a stop request.
   *
   * @return whether a stop was requested
   */
  public boolean await(Duration timeout) {
    try {
      return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      return true;
    }
  }
}
