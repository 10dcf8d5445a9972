package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites completed hours on a thread of its own, one at a time in the order they were marked, so
 * that the polling thread goes on ingesting meanwhile (run on the polling thread, the rewrites took
 * 1.5-3.5 s of a 1,000,000-row pass, ingest stopped all along: BENCHMARKS.md). Each rewrite is its
 * own {@code replace} commit through its own {@link HourRewrite} (its own table instance, so the
 * two threads share no table operations); a sink commit landing meanwhile is retried over by
 * Iceberg's optimistic check. A failed rewrite is logged: the hour's rows are all there either way.
 */
final class HourRewrites implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HourRewrites.class);

  private final HourRewrite rewrite;
  private final Duration closeTimeout;
  private final ExecutorService lane =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "logpipe-iceberg-sink-rewrite");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param closeTimeout how long {@link #close} lets the queued rewrites finish
   */
  HourRewrites(HourRewrite rewrite, Duration closeTimeout) {
    this.rewrite = rewrite;
    this.closeTimeout = closeTimeout;
  }

  /** Queues the rewrite of {@code hour}. */
  void submit(HourPartition hour) {
    try {
      lane.execute(() -> run(hour));
    } catch (RejectedExecutionException e) {
      log.debug("Hour {} not rewritten: the sink is closing", hour.label());
    }
  }

  private void run(HourPartition hour) {
    try {
      int files = rewrite.rewrite(hour);
      if (files > 0) {
        log.info("Hour {}: {} data files rewritten into one", hour.label(), files);
      }
    } catch (IOException | RuntimeException e) {
      // an optimisation: the hour's rows are all there either way
      log.warn("Rewriting the files of hour {} failed: {}", hour.label(), e.toString());
    }
  }

  /**
   * Lets the queued rewrites finish (up to the close timeout), then interrupts what is left: an
   * interrupted rewrite leaves at most an unreferenced file.
   */
  @Override
  public void close() {
    lane.shutdown();
    try {
      if (!lane.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Hour rewrites still running after {}: interrupted", closeTimeout);
        lane.shutdownNow();
        lane.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      lane.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
