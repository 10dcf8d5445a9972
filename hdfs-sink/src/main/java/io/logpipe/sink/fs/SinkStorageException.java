package io.logpipe.sink.fs;

/**
 * The lake cannot be written (permanent error, or transient errors outlasting the retry time): the
 * sink stops.
 */
public final class SinkStorageException extends RuntimeException {
  public SinkStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
