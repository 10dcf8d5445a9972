package io.logpipe.sink.consumer;

import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.commit.OpenBatch;
import java.time.Duration;
import java.time.Instant;

/**
 * When a partition's open files are committed: enough records, enough bytes, or old enough (wall
 * clock); or, when the partition has nothing more to read, once no row came for {@code quiet}.
 */
public record RotationPolicy(long maxRecords, long maxBytes, Duration maxAge, Duration quiet) {

  /** The rules {@code config} sets. */
  public static RotationPolicy of(SinkConfig config) {
    return new RotationPolicy(
        config.rotateRecords(), config.rotateBytes(), config.rotateAge(), config.quietCommit());
  }

  /**
   * Whether {@code batch} holds rows and none came for the quiet time; the caller also checks that
   * the partition has nothing left to read.
   */
  public boolean quiet(OpenBatch batch, Instant now) {
    return batch != null
        && !batch.isEmpty()
        && Duration.between(batch.lastRowAt(), now).compareTo(quiet) >= 0;
  }

  /** Why a batch is due, or null if it is not. */
  public String dueReason(OpenBatch batch, Instant now) {
    if (batch == null || batch.isEmpty()) {
      return null;
    }
    if (batch.records() >= maxRecords) {
      return "records";
    }
    if (Duration.between(batch.openedAt(), now).compareTo(maxAge) >= 0) {
      return "age";
    }
    if (batch.estimatedBytes() >= maxBytes) {
      return "bytes";
    }
    return null;
  }
}
