package io.logpipe.commandline;

/**
 * Exit codes every logpipe command uses for the same situations, and their lines for {@code
 * exitCodeList} ({@code "code:meaning"}, as picocli wants them).
 */
public final class ExitCodes {

  public static final int OK = 0;

  /**
   * The work failed: Kafka unreachable or refusing, the lake unusable, a stage stopped, a mismatch.
   */
  public static final int FAILED = 1;

  /** Bad command line or configuration: nothing was started. */
  public static final int USAGE = 2;

  /**
   * Input files missing, unreadable, truncated or corrupt (every line that could be read was
   * delivered).
   */
  public static final int INPUT = 3;

  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  public static final int INTERRUPTED = 130;

  public static final String USAGE_LINE = "2:bad option or configuration (nothing was started)";
  public static final String BROKER_LINE =
      "1:Kafka did not answer within --connect-timeout, or a failure while running";
  public static final String INPUT_LINE =
      "3:input missing, unreadable, truncated or corrupt (readable lines are" + " still delivered)";
  public static final String SIGNAL_LINE = "130/143:stopped by Ctrl-C / SIGTERM";

  private ExitCodes() {}
}
