package io.logpipe.ingest.file;

/**
 * An input file or directory that cannot be read: missing, unreadable, or not usable in the
 * requested mode.
 */
public final class InputFileException extends RuntimeException {
  public InputFileException(String message) {
    super(message);
  }

  public InputFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
