package io.logpipe.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory of this process, from Linux's {@code /proc/self}. */
final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Peak resident set size ({@code VmHWM}) in KiB, or -1 where /proc is unavailable. */
  static long peakRssKib() {
    return field("VmHWM:");
  }

  /** Current resident set size ({@code VmRSS}) in KiB, or -1. */
  static long rssKib() {
    return field("VmRSS:");
  }

  /**
   * Resets {@code VmHWM} to the current RSS (writing 5 to {@code clear_refs}, Linux 4.0+), so that
   * a peak measures one part of the run rather than everything before it. False when the kernel
   * refuses.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static long field(String name) {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or an unexpected format: reported as unknown
    }
    return -1;
  }
}
