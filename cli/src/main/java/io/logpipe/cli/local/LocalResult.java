package io.logpipe.cli.local;

import io.logpipe.commandline.ExitCodes;
import io.logpipe.ingest.run.IngestSummary;
import java.net.URI;

/** What a {@code logpipe local} run produced. */
public record LocalResult(
    Reconciliation reconciliation,
    URI lake,
    URI analyticsOutput,
    int analyticsExitCode,
    IngestSummary ingest,
    int hoursWithData,
    int hoursComplete) {
  /** Exit code of a run stopped by Ctrl-C (128 + SIGINT), which is not reconciled. */
  public static final int EXIT_INTERRUPTED = 130;

  /**
   * 0 when ingest delivered every line, everything reconciled and analytics succeeded or was not
   * asked for; 130 when interrupted; 3 when everything that could be read reconciled but an input
   * file was damaged; else 1.
   */
  public int exitCode() {
    if (interrupted()) {
      return EXIT_INTERRUPTED;
    }
    boolean analyticsOk = analyticsExitCode == 0 || analyticsExitCode == LocalAnalytics.NOT_RUN;
    if (!reconciliation.ok() || !analyticsOk) {
      return ExitCodes.FAILED;
    }
    return ingest.exitCode() == IngestSummary.EXIT_INPUT_ERROR
        ? ExitCodes.INPUT
        : ingest.exitCode() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** Whether the run was stopped (Ctrl-C) before it drained; then there is no reconciliation. */
  public boolean interrupted() {
    return reconciliation == null;
  }
}
