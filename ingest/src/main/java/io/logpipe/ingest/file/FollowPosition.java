package io.logpipe.ingest.file;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Where a follower stopped: the identity of the file it was reading (the file system's file key, an
 * inode on Linux), the byte offset just past the last delivered line, and that line's number.
 * Stored as a small properties file, replaced atomically so that a crash never leaves a torn state.
 *
 * @param fileKey file system key of the file read, or null when the file system has none
 * @param offset byte offset after the last delivered line
 * @param lineNumber line number of the last delivered line
 */
public record FollowPosition(String fileKey, long offset, long lineNumber) {

  private static final String KEY = "file.key";
  private static final String OFFSET = "offset";
  private static final String LINE = "line";

  /** The stored position, or null when {@code stateFile} does not exist. */
  public static FollowPosition read(Path stateFile) throws IOException {
    if (!Files.exists(stateFile)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    try {
      return new FollowPosition(
          p.getProperty(KEY),
          Long.parseLong(p.getProperty(OFFSET, "0").trim()),
          Long.parseLong(p.getProperty(LINE, "0").trim()));
    } catch (NumberFormatException e) {
      throw new IOException("corrupt state file " + stateFile + ": " + e.getMessage(), e);
    }
  }

  /** Writes this position to {@code stateFile} atomically (temporary file, then rename). */
  public void write(Path stateFile, Path followedFile) throws IOException {
    Properties p = new Properties();
    p.setProperty("path", followedFile.toAbsolutePath().toString());
    if (fileKey != null) {
      p.setProperty(KEY, fileKey);
    }
    p.setProperty(OFFSET, Long.toString(offset));
    p.setProperty(LINE, Long.toString(lineNumber));
    Path parent = stateFile.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(stateFile.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "logpipe ingest-file --follow position");
    }
    try {
      Files.move(
          tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
