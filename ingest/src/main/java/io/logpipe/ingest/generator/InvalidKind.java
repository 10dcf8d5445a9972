package io.logpipe.ingest.generator;

import io.logpipe.schemas.RejectReason;

/**
 * The kinds of broken line the generator writes when asked for an invalid fraction, each with the
 * reject reason the stream processor is expected to give it. Kinds are drawn uniformly.
 */
public enum InvalidKind {
  /** A JSON line cut off in the middle. */
  MALFORMED_JSON(RejectReason.MALFORMED_JSON),
  /** Valid JSON without one of the required fields (ts, method, path or status). */
  MISSING_FIELD(RejectReason.MISSING_FIELD),
  /** A status outside 100..599. */
  BAD_STATUS(RejectReason.BAD_STATUS),
  /** A timestamp that is not an ISO-8601 instant. */
  BAD_TIMESTAMP(RejectReason.BAD_TIMESTAMP),
  /** A byte count that is not a number. */
  BAD_NUMBER(RejectReason.BAD_NUMBER),
  /** A path that does not start with '/'. */
  BAD_PATH(RejectReason.BAD_PATH),
  /** A JSON line whose user agent contains bytes that are not UTF-8. */
  NOT_UTF8(RejectReason.NOT_UTF8),
  /** Text in no known access-log format. */
  UNKNOWN_FORMAT(RejectReason.UNKNOWN_FORMAT);

  private final RejectReason expectedReason;

  InvalidKind(RejectReason expectedReason) {
    this.expectedReason = expectedReason;
  }

  /** The reason the processor should reject this kind of line with. */
  public RejectReason expectedReason() {
    return expectedReason;
  }
}
