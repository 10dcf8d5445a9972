package io.logpipe.cli.local;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress of a local run: one line rewritten in place every second on a terminal, a plain line
 * every few seconds otherwise (logs, CI), so that neither fills a screen nor stays silent.
 */
final class ProgressLine {

  private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long lastProcessed;
  private long lastNanos;
  private boolean printedOnce;
  private boolean dirty;

  ProgressLine(PrintWriter out, boolean terminal) {
    this(out, terminal, System::nanoTime);
  }

  ProgressLine(PrintWriter out, boolean terminal, LongSupplier nanoClock) {
    this.out = out;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.lastNanos = startNanos;
  }

  void update(String phase, long in, long curated, long rejected, long lakeRows) {
    long now = nanoClock.getAsLong();
    if (!terminal && printedOnce && now - lastNanos < PLAIN_EVERY_NANOS) {
      return;
    }
    // The processor's rate over the interval since the previous line printed (updates in between
    // print nothing,
    // so they must not reset the interval): during ingest it follows the producer, while draining
    // the catch-up.
    long processed = curated + rejected;
    double rate = (processed - lastProcessed) / Math.max(1e-9, (now - lastNanos) / 1e9);
    lastProcessed = processed;
    lastNanos = now;
    printedOnce = true;
    String line =
        String.format(
            "[%5.0fs] %-9s in %,11d | curated %,11d | rejected %,9d | lake rows %,11d | processed %,9.0f lines/s",
            (now - startNanos) / 1e9, phase, in, curated, rejected, lakeRows, rate);
    if (terminal) {
      out.print("\r" + line);
      dirty = true;
      out.flush();
    } else {
      out.println(line);
      out.flush();
    }
  }

  /** Ends the in-place line so that what follows starts on its own line. */
  void finish() {
    if (dirty) {
      out.println();
      out.flush();
      dirty = false;
    }
  }
}
