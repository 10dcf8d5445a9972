package io.logpipe.sink.commit;

/**
 * Another sink instance has already committed from the same offset of this partition: this instance
 * lost ownership (for example it was considered dead by the group) and must discard its batch and
 * recover.
 */
public final class FencedException extends Exception {
  public FencedException(String message) {
    super(message);
  }
}
