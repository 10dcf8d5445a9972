package io.logpipe.ingest.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 5,000 real Apache lines in the test resources, and an independent way to split a file into
 * lines.
 */
public final class SampleLog {

  private SampleLog() {}

  /** Copies {@code apache_access_sample.log} from the test resources into {@code dir}. */
  public static Path copyTo(Path dir) throws IOException {
    Path target = dir.resolve("apache_access_sample.log");
    try (InputStream in = SampleLog.class.getResourceAsStream("/apache_access_sample.log")) {
      if (in == null) {
        throw new IllegalStateException(
            "apache_access_sample.log is missing from the test resources");
      }
      Files.copy(in, target);
    }
    return target;
  }

  /** The file's lines split independently of the reader: on '\n', without the terminator. */
  public static List<byte[]> splitLines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.add(Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
    if (start < content.length) {
      lines.add(Arrays.copyOfRange(content, start, content.length));
    }
    return lines;
  }
}
