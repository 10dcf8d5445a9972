package io.logpipe.sink.fs;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes the sink's small files (manifests, quarantined records). Not with try-with-resources: when
 * a write to HDFS fails, {@code DFSOutputStream.close()} throws the very same exception again, and
 * try-with-resources then adds it to itself as suppressed, which throws {@link
 * IllegalArgumentException} ("Self-suppression not permitted") instead of the {@link IOException},
 * so the retry around the write never saw a transient error (seen while a NameNode restarted).
 */
public final class SmallFiles {

  /** What goes into the file. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private SmallFiles() {}

  /** Creates (or overwrites) {@code path} with {@code body}. */
  public static void write(FileSystem fs, Path path, Body body) throws IOException {
    writeAndClose(fs.create(path, true), body);
  }

  /**
   * Writes {@code body} to {@code out} and closes it; a failure surfaces as the first exception,
   * never as an IAE.
   */
  static void writeAndClose(OutputStream out, Body body) throws IOException {
    try {
      body.writeTo(out);
    } catch (IOException | RuntimeException e) {
      try {
        out.close();
      } catch (IOException | RuntimeException onClose) {
        if (onClose != e) {
          e.addSuppressed(onClose);
        }
      }
      throw e;
    }
    out.close();
  }
}
