package io.logpipe.ingest.produce;

/**
 * Kafka could not take the lines: broker unreachable past the timeouts, topic missing, not
 * authorised, …
 */
public final class DeliveryFailedException extends RuntimeException {
  public DeliveryFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
