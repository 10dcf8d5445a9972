package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites completed hours on a thread of its own, one mark's hours at a time in the order they
 * were marked, so that the polling thread goes on ingesting meanwhile (run on the polling thread,
 * the rewrites took 1.5-3.5 s of a 1,000,000-row pass, ingest stopped all along: BENCHMARKS.md).
 * Each rewrite is its own {@code replace} commit through its own {@link HourRewrite} (its own table
 * instance, so the two threads share no table operations), taking its turn with this sink's other
 * commits ({@link SerialCommits}); another instance's commit landing meanwhile is retried over by
 * Iceberg's optimistic check. A failed rewrite is logged (the hours' rows are all there either way)
 * and tried again at the next start-up, as are hours with rows that came after their mark.
 */
final class HourRewrites implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HourRewrites.class);

  private final HourRewrite rewrite;
  private final Duration closeTimeout;
  private volatile boolean closing;
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

  /** Queues the rewrite of {@code hours} (completed by one mark), as one commit. */
  void submit(List<HourPartition> hours) {
    if (hours.isEmpty()) {
      return;
    }
    List<HourPartition> copy = List.copyOf(hours);
    execute(copy, () -> run(copy));
  }

  private void execute(List<HourPartition> hours, Runnable task) {
    try {
      lane.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("Hours {} not rewritten: the sink is closing", labels(hours));
    }
  }

  /** Hours per commit when many are queued at once. */
  static final int HOURS_PER_COMMIT = 24;

  /**
   * Queues the rewrite of completed hours found with several files at start-up (a rewrite a crash
   * interrupted, rows that came after a mark), a day's worth per commit; a day that fails is tried
   * hour by hour, so that one hour that cannot be rewritten holds up no other. Unlike the hours of
   * a mark, these are dropped by {@link #close} when they have not started: the next start finds
   * them again.
   */
  void submitUncompacted(List<HourPartition> hours) {
    if (hours.isEmpty()) {
      return;
    }
    log.info("{} completed hours hold several data files: rewriting them", hours.size());
    for (int i = 0; i < hours.size(); i += HOURS_PER_COMMIT) {
      List<HourPartition> day =
          List.copyOf(hours.subList(i, Math.min(hours.size(), i + HOURS_PER_COMMIT)));
      execute(
          day,
          () -> {
            if (closing) {
              return;
            }
            if (!run(day) && day.size() > 1) {
              for (HourPartition h : day) {
                if (!closing) {
                  run(List.of(h));
                }
              }
            }
          });
    }
  }

  /** Rewrites {@code hours} as one commit; false if that failed (logged). */
  private boolean run(List<HourPartition> hours) {
    try {
      int files = rewrite.rewrite(hours);
      if (files > 0) {
        log.info("Hours {}: {} data files rewritten, one per hour", labels(hours), files);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      // an optimisation: the hours' rows are all there either way
      log.warn("Rewriting the files of hours {} failed: {}", labels(hours), e.toString());
      return false;
    }
  }

  private static List<String> labels(List<HourPartition> hours) {
    return hours.stream().map(HourPartition::label).toList();
  }

  /**
   * Lets the queued rewrites of marks finish (up to the close timeout; those found at start-up that
   * have not started are dropped), then interrupts what is left: an interrupted rewrite leaves at
   * most an unreferenced file.
   */
  @Override
  public void close() {
    closing = true;
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
