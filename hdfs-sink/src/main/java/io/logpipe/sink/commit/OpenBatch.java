package io.logpipe.sink.commit;

import java.time.Instant;

/**
 * What the rotation rules look at in a partition's uncommitted rows, in either mode (files or
 * Iceberg).
 */
public interface OpenBatch {

  boolean isEmpty();

  long records();

  /** When the batch was opened (wall clock). */
  Instant openedAt();

  /** When its latest row came (wall clock). */
  Instant lastRowAt();

  /** Bytes its open files hold so far, estimated. */
  long estimatedBytes();
}
