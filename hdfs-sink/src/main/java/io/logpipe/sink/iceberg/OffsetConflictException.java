package io.logpipe.sink.iceberg;

import org.apache.iceberg.exceptions.CleanableFailure;

/**
 * A commit was refused because the table's committed offset of a partition it covers is not the one
 * its rows start from: another instance committed that partition meanwhile. Never retried as is:
 * the batch is dropped and the partition re-read from the table's offset.
 */
final class OffsetConflictException extends RuntimeException implements CleanableFailure {

  OffsetConflictException(String message) {
    super(message);
  }
}
