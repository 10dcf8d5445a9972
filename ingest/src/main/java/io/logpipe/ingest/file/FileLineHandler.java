package io.logpipe.ingest.file;

/**
 * Receives the lines a {@link LogFileReader} or {@link FileFollower} reads, in file order, on the
 * reading thread.
 */
public interface FileLineHandler {

  /** Takes one line; must not keep a reference that it expects to change (lines are immutable). */
  void onLine(FileLine line);

  /**
   * Returns once every line handed over so far is safely delivered; called before a follower
   * records its position, which is what makes a resumed follower skip no line. The default does
   * nothing (nothing to wait for).
   *
   * @throws RuntimeException if delivery failed, so that the position is not recorded
   */
  default void awaitDelivered() {}
}
