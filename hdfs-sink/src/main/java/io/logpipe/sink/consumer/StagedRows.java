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

import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import org.apache.kafka.common.TopicPartition;

/**
 * Rows the loop has accepted into partition batches during one poll but not yet written to their Parquet
 * writers. The loop decides everything serially (batches, writers, caps, hours); only the Parquet encoding of
 * the accepted rows then runs in parallel, one task per writer: each writer still gets its rows in offset order
 * from one thread at a time, and the loop waits for every task before it touches a writer again. Before a
 * partition is committed its rows are written on the caller; when its batch is aborted they are dropped.
 */
final class StagedRows {

  private record Row(LogEvent event, long offset) {}

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
          writer.write(r.event(), r.offset());
        }
        return null;
      } catch (IOException | RuntimeException | Error e) {
        return e;
      }
    }
  }

  // Writers do not override equals: identity keys, in the order the rows arrived.
  private final Map<ParquetPartitionWriter, Pending> byWriter = new LinkedHashMap<>();
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

  void add(TopicPartition tp, ParquetPartitionWriter writer, LogEvent event, long offset) {
    byWriter.computeIfAbsent(writer, w -> new Pending(tp, w)).rows.add(new Row(event, offset));
  }

  /** Writes {@code tp}'s staged rows now, on the caller (before committing that partition). */
  void writeNow(TopicPartition tp) throws IOException {
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
    byWriter.values().removeIf(p -> p.tp.equals(tp));
  }

  void clear() {
    byWriter.clear();
  }

  /**
   * Writes every staged row, writers in parallel (the caller takes one share), and returns the first failure
   * of each partition that had one. Nothing is staged afterwards. Returns (or throws an {@link Error} one of the
   * tasks met) only once every task has finished, so no writer is still in use when the loop goes on.
   */
  Map<TopicPartition, Exception> writeAll() {
    List<Pending> all = new ArrayList<>(byWriter.values());
    byWriter.clear();
    Map<TopicPartition, Exception> failures = new LinkedHashMap<>();
    if (all.isEmpty()) {
      return failures;
    }
    List<Future<Throwable>> running = new ArrayList<>();
    if (pool != null) {
      for (Pending p : all.subList(1, all.size())) {
        running.add(pool.submit(p::write));
      }
    }
    List<Pending> onCaller = pool == null ? all : all.subList(0, 1);
    List<Throwable> results = new ArrayList<>();
    for (Pending p : onCaller) {
      results.add(p.write());
    }
    for (Future<Throwable> f : running) {
      results.add(await(f));
    }
    // results follow `all`'s order: caller's share first, then the pool's in submission order.
    for (int i = 0; i < all.size(); i++) {
      Throwable t = results.get(i);
      if (t instanceof Error err) {
        throw err;
      }
      if (t != null) {
        failures.putIfAbsent(all.get(i).tp, (Exception) t);
      } else {
        written.accept(all.get(i).rows.size());
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
