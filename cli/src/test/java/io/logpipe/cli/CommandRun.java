package io.logpipe.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the {@code logpipe} command in this JVM, as a user would type it: its exit code, what
 * it printed on each stream, and how long it took.
 */
public record CommandRun(int exit, String out, String err, Duration took) {

  /** Runs {@code logpipe args…}. */
  public static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Logpipe.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int exit = cmd.execute(args);
    return new CommandRun(
        exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - t0));
  }

  /** The non-blank lines on the error stream. */
  public List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
