package io.logpipe.ingest.run;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * What one input file gave: its complete lines, and what went wrong while reading it, if anything.
 * A damaged file does not stop the run: its lines up to the damage and the other files are still
 * delivered.
 *
 * @param source the file as the user named it
 * @param lines complete lines read (and handed to the producer)
 * @param problem what is wrong with the file ("truncated ...", "corrupt ..."), or null when it was
 *     read to its end
 */
public record InputFileReport(String source, long lines, String problem) {

  /** The report of a file whose reading failed with {@code e} after {@code lines} lines. */
  static InputFileReport damaged(String source, long lines, IOException e) {
    return new InputFileReport(source, lines, describe(e));
  }

  public boolean damaged() {
    return problem != null;
  }

  /**
   * One line: {@code access.log.gz: truncated after 1,234 lines (Unexpected end of ZLIB input
   * stream)}.
   */
  public String render() {
    return String.format(Locale.ROOT, "%s: %,d lines", source, lines)
        + (problem == null ? "" : ", " + problem);
  }

  private static String describe(IOException e) {
    String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (e instanceof EOFException) {
      return "truncated (" + why + ")";
    }
    if (e instanceof ZipException) {
      return "corrupt gzip data (" + why + ")";
    }
    if (e instanceof NoSuchFileException) {
      return "vanished while being read";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return "unreadable (" + why + ")";
  }
}
