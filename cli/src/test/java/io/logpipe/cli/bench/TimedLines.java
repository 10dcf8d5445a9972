package io.logpipe.cli.bench;

import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a local run prints, line by line, each with the wall time and the process's CPU time at
 * which it was completed: the run's own lines mark its phases ({@code ... started; ingesting ...}
 * just before ingest starts, the ingest summary once the lake holds every curated row).
 */
final class TimedLines extends Writer {

  /**
   * @param text the line, without its line end
   * @param nanos {@link System#nanoTime()} when it was completed
   * @param cpuNanos the process's CPU time then
   */
  record Line(String text, long nanos, long cpuNanos) {}

  private final StringBuilder current = new StringBuilder();
  private final List<Line> lines = new ArrayList<>();

  /** CPU time of this process, all threads, in ns; -1 when the JVM does not say. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  @Override
  public synchronized void write(char[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      if (c == '\n') {
        lines.add(new Line(current.toString(), System.nanoTime(), processCpuNanos()));
        current.setLength(0);
      } else if (c != '\r') {
        current.append(c);
      }
    }
  }

  /**
   * The first line after {@code after} (null: from the start) that {@code matches}; null if none.
   */
  synchronized Line first(Line after, Predicate<String> matches) {
    int from = after == null ? 0 : lines.indexOf(after) + 1;
    for (int i = from; i < lines.size(); i++) {
      if (matches.test(lines.get(i).text())) {
        return lines.get(i);
      }
    }
    return null;
  }

  /** Everything printed, one string. */
  synchronized String text() {
    StringBuilder s = new StringBuilder();
    lines.forEach(l -> s.append(l.text()).append('\n'));
    return s.append(current).toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
