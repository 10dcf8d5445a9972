package io.logpipe.sink.consumer;

import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Rows the loop has accepted into partition batches but not yet written to their Parquet writers.
 * The loop decides everything serially (batches, writers, caps, hours); only the Parquet encoding
 * of the accepted rows runs on worker lanes, while the loop polls and routes the next records.
 * Every writer belongs to one lane, and a lane runs its tasks one at a time in the order they were
 * handed over, so a writer gets its rows in offset order even when the loop hands over the rows of
 * several polls before any is written. The loop must settle every task before it closes, aborts or
 * drops a writer (the only thing it reads meanwhile is the size a writer noted, {@link
 * ParquetPartitionWriter#estimatedBytes()}); {@link #reap()} only collects the tasks that have
 * finished. Before a partition is committed its staged rows are written on the caller; when its
 * batch is aborted they are dropped.
 */
final class StagedRows {

  private record Row(EncodedRow row, long offset) {}

  private static final class Pending {
    final TopicPartition tp;
    final ParquetPartitionWriter writer;
    final List<Row> rows = new ArrayList<>();

    Pending(TopicPartition tp, ParquetPartitionWriter writer) {
      this.tp = tp;
      this.writer = writer;
    }

    /**
     * As a task queued on a lane: rows of a writer that failed in an earlier task are skipped,
     * since that failure is the one reported (the loop aborts the batch when it collects it).
     */
    Throwable writeQueued() {
      return writer.state() == io.logpipe.sink.writer.WriterState.FAILED ? SKIPPED : write();
    }

    /**
     * Writes the rows in order; the first failure stops this writer (its batch is aborted anyway).
     */
    Throwable write() {
      try {
        int n = 0;
        for (Row r : rows) {
          writer.write(r.row(), r.offset());
          if (++n % NOTE_SIZE_EVERY == 0) {
            writer.noteSize();
          }
        }
        return null;
      } catch (IOException | RuntimeException | Error e) {
        return e;
      } finally {
        writer.noteSize();
      }
    }
  }

  /**
   * Rows between two size notes within one task: the bytes rotation sees a writer's size at most
   * this late.
   */
  private static final int NOTE_SIZE_EVERY = 1_000;

  /**
   * The outcome of a task whose writer had already failed: neither written nor a failure of its
   * own.
   */
  private static final Throwable SKIPPED =
      new Throwable("skipped: the writer failed earlier", null, false, false) {};

  private record Running(Pending pending, Future<Throwable> future) {}

  // Writers do not override equals: identity keys, in the order the rows arrived.
  private final Map<ParquetPartitionWriter, Pending> byWriter = new LinkedHashMap<>();
  private final ArrayDeque<Running> inFlight = new ArrayDeque<>();
  private final List<ExecutorService> lanes;
  private final LongConsumer written;
  private long rowsInFlight;

  /**
   * @param lanes executors that each run one task at a time, in order (single-thread executors);
   *     empty: every row is written on the caller
   * @param written told, on the caller's thread, how many rows each task wrote without failing
   */
  StagedRows(List<ExecutorService> lanes, LongConsumer written) {
    this.lanes = List.copyOf(lanes);
    this.written = written;
  }

  void add(TopicPartition tp, ParquetPartitionWriter writer, EncodedRow row, long offset) {
    byWriter.computeIfAbsent(writer, w -> new Pending(tp, w)).rows.add(new Row(row, offset));
  }

  /** Writes {@code tp}'s staged rows now, on the caller (before committing that partition). */
  void writeNow(TopicPartition tp) throws IOException {
    requireSettled("writeNow");
    Throwable first = null;
    for (Iterator<Pending> it = byWriter.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.tp.equals(tp)) {
        it.remove();
        Throwable e = first == null ? p.write() : null;
        if (first == null && e == null) {
          written.accept(p.rows.size());
        }
        first = first == null ? e : first;
      }
    }
    if (first instanceof IOException io) {
      throw io;
    }
    if (first instanceof Error err) {
      throw err;
    }
    if (first != null) {
      throw (RuntimeException) first;
    }
  }

  /** Drops {@code tp}'s staged rows (its batch was aborted). */
  void discard(TopicPartition tp) {
    requireSettled("discard");
    byWriter.values().removeIf(p -> p.tp.equals(tp));
  }

  private void requireSettled(String what) {
    if (!inFlight.isEmpty()) {
      throw new IllegalStateException(what + "() while rows handed to the workers are not settled");
    }
  }

  /**
   * Drops every staged row; rows already handed to the lanes are waited for (their outcome is
   * ignored).
   */
  void clear() {
    byWriter.clear();
    for (Running r : inFlight) {
      await(r.future());
    }
    inFlight.clear();
    rowsInFlight = 0;
  }

  /**
   * Hands every staged row to its writer's lane (one task per writer) and returns at once, so the
   * loop can poll and route the next records while these are encoded; rows handed over earlier may
   * still be in flight. Until they are settled, the writers involved are in use: the loop must
   * settle before it closes, aborts or drops any of them. Without lanes the rows are written here,
   * on the caller. Nothing is staged afterwards.
   */
  void start() {
    for (Pending p : byWriter.values()) {
      Future<Throwable> f;
      if (lanes.isEmpty()) {
        f = java.util.concurrent.CompletableFuture.completedFuture(p.write());
      } else {
        f =
            lanes
                .get(Math.floorMod(System.identityHashCode(p.writer), lanes.size()))
                .submit(p::writeQueued);
      }
      inFlight.add(new Running(p, f));
      rowsInFlight += p.rows.size();
    }
    byWriter.clear();
  }

  /** Whether rows handed over by {@link #start()} may still be being written. */
  boolean inFlight() {
    return !inFlight.isEmpty();
  }

  /** Rows handed over by {@link #start()} whose outcome has not been collected yet. */
  long rowsInFlight() {
    return rowsInFlight;
  }

  /**
   * Collects the tasks that have finished, without waiting: their rows count as written, and the
   * first failure of each partition that had one is returned (the caller rewinds those; settle
   * before touching their writers).
   */
  Map<TopicPartition, Exception> reap() {
    Map<TopicPartition, Exception> failures = new LinkedHashMap<>();
    for (Iterator<Running> it = inFlight.iterator(); it.hasNext(); ) {
      Running r = it.next();
      if (r.future().isDone()) {
        it.remove();
        collect(r, failures);
      }
    }
    return failures;
  }

  /**
   * Waits for the oldest tasks until at most {@code maxRows} rows are in flight; as {@link #reap()}
   * otherwise.
   */
  Map<TopicPartition, Exception> awaitBelow(long maxRows) {
    Map<TopicPartition, Exception> failures = reap();
    while (rowsInFlight > maxRows && !inFlight.isEmpty()) {
      collect(inFlight.poll(), failures);
    }
    return failures;
  }

  /**
   * Waits for every task {@link #start()} handed over and returns the first failure of each
   * partition that had one; the rows of the others are counted as written. Returns (or throws an
   * {@link Error} one of the tasks met) only once every task has finished, so no writer is still in
   * use when the loop goes on.
   */
  Map<TopicPartition, Exception> settle() {
    Map<TopicPartition, Exception> failures = new LinkedHashMap<>();
    List<Running> all = new ArrayList<>(inFlight);
    inFlight.clear();
    Error error = null;
    for (Running r : all) {
      try {
        collect(r, failures);
      } catch (Error e) {
        error = error == null ? e : error; // still wait for the others
      }
    }
    if (error != null) {
      throw error;
    }
    return failures;
  }

  /**
   * Waits for one task and records its outcome (rows written, or its partition's first failure).
   */
  private void collect(Running r, Map<TopicPartition, Exception> failures) {
    Throwable t = await(r.future());
    rowsInFlight -= r.pending().rows.size();
    if (t == SKIPPED) {
      return;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      failures.putIfAbsent(r.pending().tp, (Exception) t);
    } else {
      written.accept(r.pending().rows.size());
    }
  }

  /**
   * The task's outcome; waits through interrupts (the flag is restored) so that no task outlives
   * the call.
   */
  static Throwable await(Future<Throwable> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return e.getCause();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
