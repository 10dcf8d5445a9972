package io.logpipe.sink.iceberg;

import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.PendingUpdate;

/**
 * Lets one of a sink's table commits run at a time. The sink commits from three places through two
 * table instances: its batches (commit thread), the marks of completed hours (polling thread) and
 * the rewrites of those hours (rewrite thread). Left to race, the loser of two commits either fails
 * Iceberg's optimistic check and sleeps before its retry ({@code commit.retry.min-wait-ms}, 100 ms,
 * doubling) or, on a Hadoop catalog, finds the winner's metadata rename holding Iceberg's in-JVM
 * lock and waits that lock's acquire interval (5 s) before asking again: a 5.4 s stall of the
 * commit thread in one pass into EmbeddedHdfs (BENCHMARKS.md). Each commit re-reads the table
 * before it builds its snapshot, so the second of two serialised commits builds on the first. Only
 * the metadata phase is serialised: data files are written and closed before {@link #commit}.
 */
final class SerialCommits {

  private final ReentrantLock turn = new ReentrantLock();

  /** Commits {@code update} once no other commit of this sink is running. */
  void commit(PendingUpdate<?> update) {
    turn.lock();
    try {
      update.commit();
    } finally {
      turn.unlock();
    }
  }

  /** Whether {@code thread} is waiting for its turn (for tests). */
  boolean isWaiting(Thread thread) {
    return turn.hasQueuedThread(thread);
  }
}
