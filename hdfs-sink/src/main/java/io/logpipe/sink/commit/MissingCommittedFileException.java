package io.logpipe.sink.commit;

import java.io.IOException;

/**
 * A committed manifest lists a file that exists neither under its temp nor its visible name. Never
 * retried.
 */
public final class MissingCommittedFileException extends IOException {
  public MissingCommittedFileException(String message) {
    super(message);
  }
}
