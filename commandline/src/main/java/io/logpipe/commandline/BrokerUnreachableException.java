package io.logpipe.commandline;

/** Kafka did not answer the connect check; the message is the one line a command prints. */
public final class BrokerUnreachableException extends RuntimeException {
  public BrokerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
