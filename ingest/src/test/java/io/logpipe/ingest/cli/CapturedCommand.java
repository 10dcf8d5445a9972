package io.logpipe.ingest.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the ingest command line in-process and keeps what it printed. */
final class CapturedCommand {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cmd = IngestMain.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  /** Everything printed to standard output so far. */
  String out() {
    return out.toString();
  }

  /** Everything printed to standard error so far. */
  String err() {
    return err.toString();
  }
}
