package io.logpipe.analytics;

/**
 * A failure the user can act on (missing lake, empty range, unexpected schema, bad option): its
 * message is printed as is, without a stack trace, and the process exits with {@link #exitCode()}.
 */
public class AnalyticsException extends RuntimeException {

  /** Exit code for input problems: missing or empty lake, empty range, unexpected schema. */
  public static final int EXIT_BAD_INPUT = 3;

  private final int exitCode;

  public AnalyticsException(String message) {
    this(message, EXIT_BAD_INPUT, null);
  }

  public AnalyticsException(String message, Throwable cause) {
    this(message, EXIT_BAD_INPUT, cause);
  }

  public AnalyticsException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code this failure maps to. */
  public int exitCode() {
    return exitCode;
  }
}
