package io.logpipe.sink.consumer;

import io.logpipe.sink.commit.PartitionBatch;
import java.time.Duration;
import java.time.Instant;

/**
 * When a partition's open files are committed: enough records, enough bytes, or old enough (wall
 * clock).
 */
public record RotationPolicy(long maxRecords, long maxBytes, Duration maxAge) {

  /** Why a batch is due, or null if it is not. */
  public String dueReason(PartitionBatch batch, Instant now) {
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
