package io.logpipe.processor.parse;

import io.logpipe.schemas.RejectReason;

/**
 * Internal control flow of the format parsers: thrown deep inside a parse to abandon the line with
 * a reason. Never escapes {@link LogLineParser#parse}. No stack trace: rejections are frequent and
 * expected.
 */
final class LineRejectedException extends Exception {

  private final RejectReason reason;

  LineRejectedException(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  RejectReason reason() {
    return reason;
  }
}
