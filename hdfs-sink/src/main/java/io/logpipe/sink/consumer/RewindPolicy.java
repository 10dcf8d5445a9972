package io.logpipe.sink.consumer;

import io.logpipe.sink.fs.FsErrors;
import io.logpipe.sink.fs.SinkStorageException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a partition whose batch could not be written is rewound and retried, and after which
 * wait: transient lake errors are retried with a growing {@link Backoff} for up to {@code
 * maxRetryTime}; permanent ones (permissions, quota, space) and longer runs of failures stop the
 * sink.
 */
final class RewindPolicy {

  private final URI lake;
  private final Duration maxRetryTime;

  RewindPolicy(URI lake, Duration maxRetryTime) {
    this.lake = lake;
    this.maxRetryTime = maxRetryTime;
  }

  /**
   * The partition's backoff after {@code e} at {@code now}, following its current run ({@code
   * null}: none).
   *
   * @throws SinkStorageException when the sink must stop instead
   */
  Backoff afterFailure(Backoff run, Exception e, Instant now) {
    stopIfPermanent(e);
    Backoff next = run == null ? Backoff.first(now) : run.next();
    if (next.failingFor(now).compareTo(maxRetryTime) > 0) {
      throw new SinkStorageException(
          "Writing to the lake "
              + lake
              + " kept failing for "
              + maxRetryTime.toSeconds()
              + " s: "
              + e.getMessage(),
          e);
    }
    return next;
  }

  /**
   * {@code e} failed a partition that another failure has already rewound: nothing more to retry,
   * but a permanent error still stops the sink.
   */
  void afterFurtherFailure(Exception e) {
    stopIfPermanent(e);
  }

  private void stopIfPermanent(Exception e) {
    if (FsErrors.isPermanent(e)) {
      throw new SinkStorageException(
          "Cannot write to the lake "
              + lake
              + ": "
              + e.getMessage()
              + " (permanent error: fix permissions/quota/space, then restart)",
          e);
    }
  }
}
