package io.logpipe.ingest.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole file (plain or gzip) once, line by line, bytes unchanged. Any format is accepted
 * (JSON lines, Apache/Nginx combined or common, anything else): recognising formats is the stream
 * processor's job.
 */
public final class LogFileReader {

  private static final Logger log = LoggerFactory.getLogger(LogFileReader.class);
  private static final int CHUNK = 1 << 16;

  private final int maxLineBytes;

  /**
   * @param maxLineBytes longer lines are reported as oversize instead of being buffered
   */
  public LogFileReader(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads {@code file} to its end (or until {@code stop} says so) and hands each line to {@code
   * handler}.
   *
   * @param source the name the lines carry as their {@link FileLine#source()}
   * @return the number of lines handed over
   */
  public long read(Path file, String source, FileLineHandler handler, BooleanSupplier stop)
      throws IOException {
    LineSplitter splitter = new LineSplitter(source, maxLineBytes, 0, 0, handler::onLine);
    byte[] chunk = new byte[CHUNK];
    boolean first = true;
    try (InputStream in = LogFiles.openDecoded(file)) {
      int n;
      while (!stop.getAsBoolean() && (n = in.read(chunk)) > 0) {
        if (first && LogFiles.looksBinary(chunk, n)) {
          log.warn(
              "{} does not look like text (NUL bytes); its lines are sent as they are", source);
        }
        first = false;
        splitter.feed(chunk, 0, n);
      }
      if (!stop.getAsBoolean()) {
        splitter.finish();
      }
    }
    return splitter.lineNumber();
  }

  /** Every line of {@code file} (plain or gzip), in order; for tests and small files. */
  public static List<FileLine> readAll(Path file, int maxLineBytes) {
    List<FileLine> lines = new ArrayList<>();
    try {
      new LogFileReader(maxLineBytes).read(file, file.toString(), lines::add, () -> false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return lines;
  }
}
