package io.logpipe.ingest.file;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream fed in chunks into lines. A line is complete when its {@code \n} has arrived;
 * a final line without one is held until more bytes come or {@link #finish()} is called (end of a
 * file that will not grow). Lines longer than the limit are not buffered: their length is counted
 * and an oversize {@link FileLine} is emitted, so memory stays bounded whatever the input (a binary
 * file without newlines, for instance).
 */
final class LineSplitter {

  private final String source;
  private final int maxLineBytes;
  private final Consumer<FileLine> out;
  private byte[] pending = new byte[8192];
  private int pendingLength;

  /** Length of the current line when it is past the limit (its bytes are dropped), else -1. */
  private long oversizeLength = -1;

  private long offset;
  private long completedOffset;
  private long lineNumber;

  LineSplitter(
      String source,
      int maxLineBytes,
      long startOffset,
      long startLineNumber,
      Consumer<FileLine> out) {
    this.source = source;
    this.maxLineBytes = maxLineBytes;
    this.out = out;
    this.offset = startOffset;
    this.completedOffset = startOffset;
    this.lineNumber = startLineNumber;
  }

  /** Feeds {@code length} bytes from {@code chunk}; emits every line they complete. */
  void feed(byte[] chunk, int from, int length) {
    int end = from + length;
    int start = from;
    for (int i = from; i < end; i++) {
      if (chunk[i] == '\n') {
        append(chunk, start, i - start);
        offset += i - start + 1;
        emit();
        start = i + 1;
      }
    }
    append(chunk, start, end - start);
    offset += end - start;
  }

  /**
   * Emits a final line without terminator, if any; used at the end of a file that will not grow any
   * more.
   */
  void finish() {
    if (pendingLength > 0 || oversizeLength > 0) {
      emit();
    }
  }

  /** Drops a held partial line and restarts at {@code newOffset} (after truncation). */
  void restartAt(long newOffset) {
    pendingLength = 0;
    oversizeLength = -1;
    offset = newOffset;
    completedOffset = newOffset;
    lineNumber = 0;
  }

  /** Offset just past the last complete line emitted: where a resumed reader must start. */
  long completedOffset() {
    return completedOffset;
  }

  /** Lines emitted so far, counting from the start offset's line number. */
  long lineNumber() {
    return lineNumber;
  }

  boolean hasPartialLine() {
    return pendingLength > 0 || oversizeLength > 0;
  }

  private void append(byte[] chunk, int from, int length) {
    if (length == 0) {
      return;
    }
    if (oversizeLength >= 0) {
      oversizeLength += length;
      return;
    }
    if ((long) pendingLength + length > maxLineBytes) {
      oversizeLength = (long) pendingLength + length;
      pendingLength = 0;
      if (pending.length > 65536) {
        pending = new byte[8192];
      }
      return;
    }
    if (pendingLength + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
    }
    System.arraycopy(chunk, from, pending, pendingLength, length);
    pendingLength += length;
  }

  private void emit() {
    lineNumber++;
    completedOffset = offset;
    if (oversizeLength >= 0) {
      long length = oversizeLength;
      oversizeLength = -1;
      out.accept(new FileLine(source, lineNumber, offset, null, length));
      return;
    }
    int length = pendingLength;
    if (length > 0 && pending[length - 1] == '\r') {
      length--; // CRLF terminator
    }
    byte[] line = Arrays.copyOf(pending, length);
    pendingLength = 0;
    out.accept(new FileLine(source, lineNumber, offset, line, length));
  }
}
