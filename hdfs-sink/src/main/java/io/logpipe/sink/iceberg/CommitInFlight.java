package io.logpipe.sink.iceberg;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the table commit of sealed batches (closing their files, then the snapshot) on a thread of
 * its own, so that the polling and writer threads go on with the next batches meanwhile: on the
 * polling thread the commit took 1.4-2.1 s of a 6-7 s pass with the writer thread idle all along
 * (BENCHMARKS.md). At most one commit is in flight: the polling thread {@link #await}s it before it
 * starts the next one and on every rebalance, and settles its outcome itself; a mark of completed
 * hours does not wait (the hours of the {@link #sealed} batches are never due). The batches written
 * meanwhile continue from the sealed batches' ends ({@link #end}); if the commit fails or a
 * partition is fenced, they continue from an offset the table does not have, so the polling thread
 * drops them, and the offset guard would refuse them anyway.
 */
final class CommitInFlight implements AutoCloseable {

  /** A finished commit: its outcome, or the failure the committer threw (files dealt with). */
  record Result(
      List<PartitionBatch> batches,
      long startedNanos,
      TableCommitter.Outcome outcome,
      Exception failure) {}

  private final TableCommitter committer;
  private final ExecutorService lane =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "logpipe-iceberg-sink-commit");
            t.setDaemon(true);
            return t;
          });
  private Future<Result> inFlight;
  private List<PartitionBatch> sealed = List.of();

  CommitInFlight(TableCommitter committer) {
    this.committer = committer;
  }

  /** Starts committing {@code batches} (none may be in flight); see {@link TableCommitter}. */
  void start(List<PartitionBatch> batches, Map<Integer, Long> carried) {
    if (inFlight != null) {
      throw new IllegalStateException("a commit is already in flight");
    }
    long started = System.nanoTime();
    sealed = List.copyOf(batches);
    inFlight =
        lane.submit(
            () -> {
              try {
                return new Result(batches, started, committer.commit(batches, carried), null);
              } catch (IOException | RuntimeException e) {
                return new Result(batches, started, null, e);
              }
            });
  }

  /** The commit in flight if it has finished, without waiting. */
  Optional<Result> poll() {
    return inFlight != null && inFlight.isDone() ? await() : Optional.empty();
  }

  /** Waits for the commit in flight; empty when there is none. */
  Optional<Result> await() {
    Future<Result> f = inFlight;
    if (f == null) {
      return Optional.empty();
    }
    inFlight = null;
    sealed = List.of();
    try {
      return Optional.of(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while a table commit was in flight", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("Table commit failed: " + e.getCause(), e.getCause());
    }
  }

  /** The batches in flight (empty when none). */
  /** Whether a commit is in flight (finished or not, until {@link #poll} or {@link #await}). */
  boolean busy() {
    return inFlight != null;
  }

  List<PartitionBatch> sealed() {
    return sealed;
  }

  /** The end offset of {@code partition}'s batch in flight, if one is. */
  OptionalLong end(int partition) {
    for (PartitionBatch b : sealed) {
      if (b.partition() == partition) {
        return OptionalLong.of(b.end());
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public void close() {
    lane.shutdown();
    try {
      if (!lane.awaitTermination(60, TimeUnit.SECONDS)) {
        lane.shutdownNow();
      }
    } catch (InterruptedException e) {
      lane.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
