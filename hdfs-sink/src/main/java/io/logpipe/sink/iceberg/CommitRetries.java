package io.logpipe.sink.iceberg;

import io.logpipe.sink.consumer.Backoff;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run of consecutive failed table commits of the Iceberg mode's polling thread: when the next
 * may be tried (a growing backoff), and the end of retrying once they have failed for longer than
 * the sink's {@code maxRetryTime}.
 */
final class CommitRetries {

  private static final Logger log = LoggerFactory.getLogger(CommitRetries.class);

  private final Duration maxRetryTime;
  private Backoff failures; // null once a commit succeeded
  private Instant retryAt = Instant.MIN;

  CommitRetries(Duration maxRetryTime) {
    this.maxRetryTime = maxRetryTime;
  }

  /** Whether a commit may be started at {@code now}. */
  boolean allowed(Instant now) {
    return !now.isBefore(retryAt);
  }

  /** A commit succeeded: the run of failures ends. */
  void succeeded() {
    failures = null;
  }

  /**
   * A commit failed at {@code now}: the next waits for the backoff.
   *
   * @throws IllegalStateException when commits have failed for longer than the max retry time
   */
  void failed(Exception e, Instant now) {
    failures = failures == null ? Backoff.first(now) : failures.next();
    if (failures.failingFor(now).compareTo(maxRetryTime) > 0) {
      throw new IllegalStateException(
          "Committing to the Iceberg table failed for longer than "
              + maxRetryTime
              + ": "
              + e.getMessage(),
          e);
    }
    retryAt = now.plus(failures.delay());
    log.warn(
        "Commit to the Iceberg table failed, rows re-read in {}: {}",
        failures.delay(),
        e.toString());
  }
}
