package io.logpipe.processor.app;

import io.logpipe.processor.metrics.ProcessorMetrics;
import java.io.PrintWriter;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a running processor: one overwritten status line per second on a terminal, otherwise
 * a log line per interval (only when something changed, so an idle processor does not flood its
 * log).
 */
final class ProgressReporter {

  private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

  private final StreamProcessor processor;
  private final PrintWriter terminal;
  private final long intervalNanos;
  private long lastLog = System.nanoTime();
  private long lastLines = -1;
  private long lastTickLines;
  private long lastTick = System.nanoTime();

  ProgressReporter(StreamProcessor processor, PrintWriter terminal, Duration logInterval) {
    this.processor = processor;
    this.terminal = terminal;
    this.intervalNanos = logInterval.toNanos();
  }

  void tick() {
    ProcessorMetrics m = processor.metrics();
    long now = System.nanoTime();
    long lines = m.linesIn();
    double rate = (lines - lastTickLines) / Math.max(1e-9, (now - lastTick) / 1e9);
    lastTickLines = lines;
    lastTick = now;
    if (terminal != null) {
      terminal.printf("\r%s | %s | %.0f lines/s   ", processor.state(), m, rate);
      terminal.flush();
    } else if (now - lastLog >= intervalNanos && lines != lastLines) {
      log.info("{}: {}", processor.state(), m);
      lastLog = now;
      lastLines = lines;
    }
  }

  void finish() {
    if (terminal != null) {
      terminal.println();
      terminal.flush();
    }
  }
}
