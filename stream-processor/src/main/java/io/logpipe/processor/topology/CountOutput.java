package io.logpipe.processor.topology;

import io.logpipe.schemas.StatusCount;

/** What the window counter emits, and to which topic it goes. */
record CountOutput(Kind kind, StatusCount count) {

  enum Kind {
    /** The count of a closed window: {@code logs_status_counts}. */
    FINAL,
    /** A running count of an open window: the live topic. */
    LIVE,
    /** Events that reached a window after it closed: the late-counts topic. */
    LATE
  }

  static CountOutput fin(StatusCount count) {
    return new CountOutput(Kind.FINAL, count);
  }

  static CountOutput live(StatusCount count) {
    return new CountOutput(Kind.LIVE, count);
  }

  static CountOutput late(StatusCount count) {
    return new CountOutput(Kind.LATE, count);
  }
}
