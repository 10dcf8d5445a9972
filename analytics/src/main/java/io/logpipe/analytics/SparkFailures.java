package io.logpipe.analytics;

import java.util.ArrayList;
import java.util.List;

/** Turns a Spark failure into one line a user can read, instead of a page of stack trace. */
public final class SparkFailures {

  private static final int MAX_LENGTH = 600;

  private SparkFailures() {}

  /**
   * The first line of the innermost message of a failure chain, e.g. {@code "file:/lake/x.parquet
   * is not a Parquet file. Expected magic number at tail..."}.
   */
  public static String describe(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure;
        t != null && messages.size() < 8;
        t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      String line = firstLine(m);
      if (messages.stream().noneMatch(prev -> prev.contains(line))) {
        messages.add(line);
      }
    }
    if (messages.isEmpty()) {
      return failure.getClass().getSimpleName();
    }
    // The root cause is what the user can act on ("x.parquet is not a Parquet file"); the outer
    // layers only say
    // that a Spark task or job failed.
    String text = messages.get(messages.size() - 1);
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
