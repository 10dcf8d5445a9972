package io.logpipe.ingest.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one growing file by name, the way {@code tail -F} does, one {@link #poll} at a time.
 *
 * <ul>
 *   <li>Complete lines are handed over as they appear; a last line without its newline waits for
 *       it.
 *   <li>Rotation (the name now points to another file): the old file is read until a poll finds
 *       nothing new in it, its unterminated last line is handed over, then the new file is read
 *       from its start.
 *   <li>Truncation (the file got shorter than the read position): reading restarts at offset 0.
 *   <li>The name missing for a while (between a rename and a create): the old file stays open and
 *       polls wait.
 *   <li>{@link #checkpoint} waits until the handler has delivered everything, then records the
 *       position in the state file. A restart resumes there: in the same file if it is still under
 *       the name, or in the rotated file found by its file key in the same directory (then the new
 *       file). Guarantee: at least once, no line skipped; lines after the last checkpoint may be
 *       delivered again after a crash.
 * </ul>
 *
 * <p>Plain files only (a growing gzip stream cannot be followed). One thread drives a follower.
 */
public final class FileFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileFollower.class);
  private static final int CHUNK = 1 << 16;

  private final Path path;
  private final String source;
  private final Path stateFile;
  private final int maxLineBytes;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);

  private FileChannel channel;
  private Object fileKey;
  private LineSplitter splitter;
  private FileLineHandler handler;
  private FollowPosition lastCheckpoint;

  /**
   * Test seam: runs just before {@link #poll} looks at the name, so a test can rotate at that exact
   * moment.
   */
  Runnable beforeNameCheck = () -> {};

  /**
   * Opens {@code path} (which must exist), resuming from {@code stateFile} when it holds a
   * position.
   *
   * @param source name the lines carry as {@link FileLine#source()}
   * @param stateFile where positions are recorded; null for no state (start at the beginning,
   *     record nothing)
   * @param maxLineBytes longer lines are handed over as oversize
   */
  public FileFollower(Path path, String source, Path stateFile, int maxLineBytes)
      throws IOException {
    this.path = path;
    this.source = source;
    this.stateFile = stateFile;
    this.maxLineBytes = maxLineBytes;
    if (LogFiles.isGzip(path)) {
      throw new InputFileException("cannot follow a compressed file: " + path);
    }
    FollowPosition saved = stateFile == null ? null : FollowPosition.read(stateFile);
    resume(saved);
  }

  private void resume(FollowPosition saved) throws IOException {
    BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
    String keyNow = keyString(now.fileKey());
    if (saved == null) {
      open(path, 0, 0);
      return;
    }
    if (saved.fileKey() == null || saved.fileKey().equals(keyNow)) {
      if (now.size() >= saved.offset()) {
        log.info("{}: resuming at byte {} (line {})", source, saved.offset(), saved.lineNumber());
        open(path, saved.offset(), saved.lineNumber());
      } else {
        log.warn(
            "{}: file is shorter ({} bytes) than the saved position {}: it was truncated; reading from the start",
            source,
            now.size(),
            saved.offset());
        open(path, 0, 0);
      }
      return;
    }
    Path rotated = findByKey(saved.fileKey());
    if (rotated != null) {
      log.info(
          "{}: rotated while stopped; finishing {} from byte {} first",
          source,
          rotated,
          saved.offset());
      open(rotated, saved.offset(), saved.lineNumber());
    } else {
      log.warn(
          "{}: the file read before the restart (key {}) is no longer in {}; reading the current file from the"
              + " start",
          source,
          saved.fileKey(),
          path.toAbsolutePath().getParent());
      open(path, 0, 0);
    }
  }

  private Path findByKey(String key) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (a.isRegularFile() && key.equals(keyString(a.fileKey()))) {
            return p;
          }
        } catch (IOException ignored) {
          // vanished or unreadable entry: not ours
        }
      }
    }
    return null;
  }

  private void open(Path file, long offset, long lineNumber) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.READ);
    channel.position(offset);
    fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    splitter = new LineSplitter(source, maxLineBytes, offset, lineNumber, this::deliver);
  }

  private void deliver(FileLine line) {
    handler.onLine(line);
  }

  /**
   * Reads whatever is new, handling rotation and truncation.
   *
   * @return the number of bytes read
   */
  public long poll(FileLineHandler handler) throws IOException {
    this.handler = handler;
    // Look at the name BEFORE reading: checked after the read, a writer could append to the old
    // file, rename it and create the new one between the two steps, and the 0-byte read would look
    // final, losing those lines. Seen first, a rotation is acted on only once a later read of the
    // still open old file finds nothing.
    beforeNameCheck.run();
    BasicFileAttributes current;
    try {
      current = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return readToEnd(); // renamed away and not re-created yet: keep the old file open
    }
    boolean rotated = fileKey != null && !Objects.equals(fileKey, current.fileKey());
    long read = readToEnd();
    if (rotated) {
      if (read > 0) {
        return read; // the old file is still being written to: drain it before switching
      }
      splitter.finish();
      log.info(
          "{}: rotated after line {} of the previous file; now reading the new file",
          source,
          splitter.lineNumber());
      channel.close();
      open(path, 0, 0);
      return readToEnd();
    }
    if (channel.size() < channel.position()) {
      log.warn(
          "{}: truncated (size {} < position {}); reading from the start",
          source,
          channel.size(),
          channel.position());
      channel.position(0);
      splitter.restartAt(0);
      return read + readToEnd();
    }
    return read;
  }

  private long readToEnd() throws IOException {
    long total = 0;
    int n;
    buffer.clear();
    while ((n = channel.read(buffer)) > 0) {
      splitter.feed(buffer.array(), 0, n);
      total += n;
      buffer.clear();
    }
    return total;
  }

  /**
   * Waits until {@code handler} has delivered every line handed over, then records the position in
   * the state file (if any). Cheap when nothing changed since the last checkpoint.
   */
  public void checkpoint(FileLineHandler handler) throws IOException {
    FollowPosition position =
        new FollowPosition(keyString(fileKey), splitter.completedOffset(), splitter.lineNumber());
    if (stateFile == null || position.equals(lastCheckpoint)) {
      return;
    }
    handler.awaitDelivered();
    position.write(stateFile, path);
    lastCheckpoint = position;
  }

  /** The followed name. */
  public Path path() {
    return path;
  }

  /** The name its lines carry as {@link FileLine#source()}. */
  public String source() {
    return source;
  }

  /** Size of the file being read (the rotated one until it is drained). */
  public long size() throws IOException {
    return channel.size();
  }

  /** Position after the last complete line handed over (not yet necessarily checkpointed). */
  public FollowPosition position() {
    return new FollowPosition(
        keyString(fileKey), splitter.completedOffset(), splitter.lineNumber());
  }

  /**
   * The default state file of a followed file: {@code .<name>.logpipe-state} in {@code stateDir}.
   */
  public static Path defaultStateFile(Path followed, Path stateDir) {
    Path dir = stateDir != null ? stateDir : followed.toAbsolutePath().getParent();
    return dir.resolve("." + followed.getFileName() + ".logpipe-state");
  }

  private static String keyString(Object key) {
    return key == null ? null : key.toString();
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
