package io.logpipe.sink.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's thread pools: one single-thread lane per worker (each runs a writer's tasks in order,
 * see {@link StagedRows}), and the threads that close files. Closing mostly waits on the file
 * system (an HDFS close waits for the NameNode to see the last block), so it gets its own threads
 * rather than the worker lanes.
 */
final class SinkExecutors implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SinkExecutors.class);
  private static final int CLOSE_THREADS = 8;
  private static final long STOP_WAIT_SECONDS = 10;

  private final List<ExecutorService> lanes;
  private final ExecutorService closers;

  /**
   * {@code workerThreads} lanes (none: the polling thread encodes rows itself); up to 8 closing
   * threads.
   */
  SinkExecutors(int workerThreads, int maxOpenWriters) {
    List<ExecutorService> lanes = new ArrayList<>();
    NamedThreads workers = new NamedThreads("worker");
    for (int i = 0; i < workerThreads; i++) {
      lanes.add(Executors.newSingleThreadExecutor(workers));
    }
    this.lanes = List.copyOf(lanes);
    this.closers =
        Executors.newFixedThreadPool(
            Math.min(CLOSE_THREADS, maxOpenWriters), new NamedThreads("close"));
  }

  List<ExecutorService> lanes() {
    return lanes;
  }

  ExecutorService closers() {
    return closers;
  }

  /**
   * Stops every thread; the caller may close the file system afterwards (no task is still writing a
   * file).
   */
  @Override
  public void close() {
    lanes.forEach(SinkExecutors::stop);
    stop(closers);
  }

  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn("Sink worker threads still running {} s after stop", STOP_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Daemon threads named after the sink, so a thread dump says whose they are. */
  private static final class NamedThreads implements ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();
    private final String role;

    NamedThreads(String role) {
      this.role = role;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "logpipe-hdfs-sink-" + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
