package io.logpipe.sink.fs;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an idempotent file-system operation, retrying transient failures with exponential backoff
 * (100 ms doubling up to 10 s) until {@code maxRetryTime}; permanent failures and exhaustion become
 * a {@link SinkStorageException}.
 */
public final class FsRetry {

  private static final Logger log = LoggerFactory.getLogger(FsRetry.class);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 10_000;

  /** An operation on the file system. */
  @FunctionalInterface
  public interface FsCall<T> {
    T call() throws IOException;
  }

  private final Duration maxRetryTime;

  public FsRetry(Duration maxRetryTime) {
    this.maxRetryTime = maxRetryTime;
  }

  public <T> T call(String what, FsCall<T> op) {
    long deadline = System.nanoTime() + maxRetryTime.toNanos();
    long backoff = FIRST_BACKOFF_MS;
    for (int attempt = 1; ; attempt++) {
      try {
        return op.call();
      } catch (IOException e) {
        if (FsErrors.isPermanent(e)) {
          throw new SinkStorageException(
              "Cannot "
                  + what
                  + ": "
                  + e.getMessage()
                  + " (permanent error: fix the lake's permissions/quota/space, then restart)",
              e);
        }
        if (System.nanoTime() + backoff * 1_000_000 > deadline) {
          throw new SinkStorageException(
              "Cannot "
                  + what
                  + " after "
                  + attempt
                  + " attempts over "
                  + maxRetryTime.toSeconds()
                  + " s: "
                  + e.getMessage(),
              e);
        }
        log.warn(
            "Transient error trying to {} (attempt {}), retrying in {} ms: {}",
            what,
            attempt,
            backoff,
            e.toString());
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  /** Backoff between attempts; an interrupt ends the retries. */
  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkStorageException("Interrupted while retrying a file-system operation", e);
    }
  }
}
