package io.logpipe.embedded;

/** An embedded server could not be started; the message says which and why. */
public class EmbeddedStartException extends RuntimeException {
  public EmbeddedStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
