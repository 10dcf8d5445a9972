package io.logpipe.analytics.partial;

/**
 * The write of computed partials in a thread of its own, so that it runs beside the period tables'
 * merge and write, which take the same rows from memory ({@link PeriodPartials#keep}) and do not
 * need the files. Spark runs the jobs of both threads side by side.
 */
public final class PartialWrite {

  private final Thread thread;
  private final long start = System.nanoTime();
  private volatile long end;
  private volatile Throwable failure;

  private PartialWrite(PartialComputation.Computed computed, String table) {
    thread =
        new Thread(
            () -> {
              try {
                computed.write(table);
              } catch (Throwable t) { // reported by await(), in the pass's thread
                failure = t;
              } finally {
                end = System.nanoTime();
              }
            },
            "analytics-write-partials");
    thread.setDaemon(true);
  }

  /**
   * Starts writing {@code computed} under {@code table} ({@link
   * PartialComputation.Computed#write}).
   */
  public static PartialWrite start(PartialComputation.Computed computed, String table) {
    PartialWrite w = new PartialWrite(computed, table);
    w.thread.start();
    return w;
  }

  /**
   * Waits for the write to end.
   *
   * @return its failure, or null when the partials are written
   */
  public Throwable await() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the files must be complete or failed before anything goes on
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return failure;
  }

  /** Seconds the write took (after {@link #await()}). */
  public double seconds() {
    return (end - start) / 1e9;
  }
}
