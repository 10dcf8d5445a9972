package io.logpipe.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a child process writes to its output, line by line, kept for assertions. A thread of its own
 * reads it, so that the child never blocks on a full pipe.
 */
public final class ProcessOutput {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ProcessOutput(Process process) {
    reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
              } catch (IOException e) {
                lines.add("reader failed: " + e);
              }
            },
            "output-of-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts reading {@code process}'s output (its errors too when they go to the same pipe). */
  public static ProcessOutput of(Process process) {
    return new ProcessOutput(process);
  }

  /** The lines read so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * Waits until the output ends (the process has exited and its end of the pipe is closed).
   *
   * @return whether it ended within {@code timeout}
   */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    reader.join(timeout.toMillis());
    return !reader.isAlive();
  }

  /** The lines read so far, for failure messages. */
  @Override
  public String toString() {
    return lines.toString();
  }
}
