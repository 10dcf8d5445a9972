package io.logpipe.sink;

import io.logpipe.metrics.StageStatus;
import java.time.Duration;
import java.util.Optional;

/** A sink running on its own thread, in either format: what the command and tests watch. */
public interface RunningSink extends AutoCloseable {

  /** Live progress, readable from any thread. */
  SinkCounters counters();

  /** Liveness and readiness for {@code /healthz} and {@code /readyz}. */
  StageStatus status();

  /** Whether the sink's thread is still running. */
  boolean isRunning();

  /** Why the sink stopped on its own, if it did. */
  Optional<Throwable> failure();

  /** Waits for the sink's thread to end; true if it did within {@code timeout}. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /** Commits what it holds and stops. */
  @Override
  void close();
}
