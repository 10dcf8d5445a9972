package io.logpipe.cli.local;

import io.logpipe.sink.lake.LakeInspector;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * The waits of a local run's drain: each polls with a deadline, ticks the progress line every
 * second, and ends early when the run is asked to stop (Ctrl-C).
 */
final class DrainWaits {

  /**
   * Least time, after the lake holds every row, to wait for the last hours' {@code _SUCCESS}; the
   * wait is the drain timeout when that is longer, since a loaded machine needs more.
   */
  static final Duration HOURS_COMPLETE_MIN_WAIT = Duration.ofSeconds(60);

  private final CountDownLatch stop;

  DrainWaits(CountDownLatch stop) {
    this.stop = stop;
  }

  /** Polls {@code done} every 200 ms until it holds (true) or the deadline passes (false). */
  boolean until(long deadline, Runnable tick, BooleanSupplier done) throws InterruptedException {
    long nextTick = System.nanoTime();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline || stop.getCount() == 0) {
        return false;
      }
      if (System.nanoTime() >= nextTick) {
        tick.run();
        nextTick = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      }
      stop.await(200, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  /**
   * Waits for the hours the sink can close to get their {@code _SUCCESS} and returns how many hours
   * are complete. Hours that end by the last event (or within half a minute of it) close after the
   * sink's idle time and lateness; a later hour needs that much more idle time, so it is reported
   * rather than waited for.
   */
  int completeHours(
      URI lake, Configuration hadoopConf, CuratedTally curated, Duration drain, Runnable tick)
      throws IOException, InterruptedException {
    try (LakeInspector inspector = LakeInspector.open(lake, hadoopConf)) {
      return completeHours(curated, drain, tick, () -> completed(inspector));
    }
  }

  /** The same wait over the hours the Iceberg table marks complete. */
  int completeTableHours(
      IcebergLakeTally table, CuratedTally curated, Duration drain, Runnable tick)
      throws InterruptedException {
    return completeHours(
        curated,
        drain,
        tick,
        () -> {
          try {
            return table.completeHours();
          } catch (RuntimeException e) {
            return 0; // a read that failed once is retried at the next poll
          }
        });
  }

  private int completeHours(
      CuratedTally curated, Duration drain, Runnable tick, java.util.function.IntSupplier completed)
      throws InterruptedException {
    int closable = curated.hoursEndingBy(curated.maxEventTime().plusSeconds(30));
    Duration wait = drain.compareTo(HOURS_COMPLETE_MIN_WAIT) > 0 ? drain : HOURS_COMPLETE_MIN_WAIT;
    until(System.nanoTime() + wait.toNanos(), tick, () -> completed.getAsInt() >= closable);
    return completed.getAsInt();
  }

  private static int completed(LakeInspector inspector) {
    try {
      return inspector.completedHours().size();
    } catch (IOException e) {
      return 0; // a listing that failed once is retried at the next poll
    }
  }
}
