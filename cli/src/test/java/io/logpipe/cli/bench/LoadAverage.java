package io.logpipe.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, as benchmarks print it beside their figures. */
final class LoadAverage {

  private LoadAverage() {}

  /** {@code 2.31 2.05 1.80} (1, 5 and 15 minutes), or {@code unknown}. */
  static String now() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
