package io.logpipe.sink.consumer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import org.apache.kafka.common.TopicPartition;

/**
 * Rows the loop has accepted into partition batches during one poll but not yet written to their Parquet
 * writers. The loop decides everything serially (batches, writers, caps, hours); only the Parquet encoding of
 * the accepted rows then runs in parallel, one task per writer, while the loop polls and decodes the next
 * records: each writer still gets its rows in offset order from one thread at a time, and the loop settles every
 * task before it touches a writer again. Before a partition is committed its staged rows are written on the
 * caller; when its batch is aborted they are dropped.
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

    /** Writes the rows in order; the first failure stops this writer (its batch is aborted anyway). */
    Throwable write() {
      try {
        for (Row r : rows) {
          writer.write(r.row(), r.offset());
        }
        return null;
      } catch (IOException | RuntimeException | Error e) {
        return e;
      }
    }
  }

  private record Running(Pending pending, Future<Throwable> future) {}

  // Writers do not override equals: identity keys, in the order the rows arrived.
  private final Map<ParquetPartitionWriter, Pending> byWriter = new LinkedHashMap<>();
  private final List<Running> inFlight = new ArrayList<>();
  private final ExecutorService pool;
  private final LongConsumer written;

  /**
   * @param pool    may be null: then every row is written on the caller
   * @param written told, on the caller's thread, how many rows each writer took without failing
   */
  StagedRows(ExecutorService pool, LongConsumer written) {
    this.pool = pool;
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

  /** Drops every staged row; rows already handed to the pool are waited for (their outcome is ignored). */
  void clear() {
    byWriter.clear();
    for (Running r : inFlight) {
      await(r.future());
    }
    inFlight.clear();
  }

  /**
   * Writes every staged row, writers in parallel, and returns the first failure of each partition that had
   * one: {@link #start()} then {@link #settle()}.
   */
  Map<TopicPartition, Exception> writeAll() {
    start();
    return settle();
  }

  /**
   * Hands every staged row to the pool (one task per writer) and returns at once, so the loop can poll and
   * decode the next records while these are encoded. Until {@link #settle()} returns, the writers involved are
   * in use by the tasks: the loop must settle before it touches any writer or batch. Without a pool the rows
   * are written here, on the caller, and {@link #settle()} only reports the outcome. Nothing is staged
   * afterwards.
   */
  void start() {
    if (!inFlight.isEmpty()) {
      throw new IllegalStateException("start() before the previous rows were settled");
    }
    for (Pending p : byWriter.values()) {
      Future<Throwable> f;
      if (pool == null) {
        f = java.util.concurrent.CompletableFuture.completedFuture(p.write());
      } else {
        f = pool.submit(p::write);
      }
      inFlight.add(new Running(p, f));
    }
    byWriter.clear();
  }

  /** Whether rows handed over by {@link #start()} may still be being written. */
  boolean inFlight() {
    return !inFlight.isEmpty();
  }

  /**
   * Waits for every task {@link #start()} handed over and returns the first failure of each partition that had
   * one; the rows of the others are counted as written. Returns (or throws an {@link Error} one of the tasks met)
   * only once every task has finished, so no writer is still in use when the loop goes on.
   */
  Map<TopicPartition, Exception> settle() {
    Map<TopicPartition, Exception> failures = new LinkedHashMap<>();
    if (inFlight.isEmpty()) {
      return failures;
    }
    List<Running> all = new ArrayList<>(inFlight);
    inFlight.clear();
    List<Throwable> results = new ArrayList<>(all.size());
    for (Running r : all) {
      results.add(await(r.future()));
    }
    for (int i = 0; i < all.size(); i++) {
      Throwable t = results.get(i);
      if (t instanceof Error err) {
        throw err;
      }
      if (t != null) {
        failures.putIfAbsent(all.get(i).pending().tp, (Exception) t);
      } else {
        written.accept(all.get(i).pending().rows.size());
      }
    }
    return failures;
  }

  /** The task's outcome; waits through interrupts (the flag is restored) so that no task outlives the call. */
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
