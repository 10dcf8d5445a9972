package io.logpipe.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The log file a child process writes its output to. */
public final class LogFile {

  private LogFile() {}

  /**
   * Waits until {@code log} holds a match of {@code pattern} and returns its first group (e.g. the
   * address a program prints once it listens).
   *
   * @throws AssertionError when {@code process} ends or {@code timeout} passes first
   */
  public static String awaitMatch(Duration timeout, Path log, Pattern pattern, Process process)
      throws Exception {
    return Await.until(
            timeout,
            pattern + " in " + log,
            () -> {
              String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
              Matcher m = pattern.matcher(text);
              if (m.find()) {
                return Optional.of(m.group(1));
              }
              if (!process.isAlive()) {
                throw new AssertionError("the process ended first; its output:\n" + text);
              }
              return Optional.<String>empty();
            },
            Optional::isPresent)
        .get();
  }
}
