package io.logpipe.ingest.file;

/**
 * One line read from a file, without its terminator ({@code \n} or {@code \r\n}); every other byte
 * is as in the file.
 *
 * @param source the file as named by the user (the {@code source} record header)
 * @param lineNumber 1-based line number within the file the line was read from
 * @param endOffset byte offset just past the line's terminator (in the decompressed stream for .gz)
 * @param bytes the line, or null when it was longer than the reader's limit ({@link #oversize()})
 * @param length the line's length in bytes, also when its bytes were not kept
 */
public record FileLine(String source, long lineNumber, long endOffset, byte[] bytes, long length) {

  /** Whether the line exceeded the reader's limit; its bytes were skipped, not kept. */
  public boolean oversize() {
    return bytes == null;
  }
}
