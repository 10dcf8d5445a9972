package io.logpipe.sink.iceberg;

/**
 * A commit may or may not be in the table (its answer was lost and the table could not tell). Its
 * data files are kept: if the commit landed the table references them, if not they are orphans for
 * Iceberg's orphan-file removal. The caller re-reads the partitions from the table's offsets.
 */
final class CommitOutcomeUnknownException extends RuntimeException {

  CommitOutcomeUnknownException(String commitId, Throwable cause) {
    super(
        "The outcome of commit " + commitId + " is unknown (its files are kept): " + cause, cause);
  }
}
