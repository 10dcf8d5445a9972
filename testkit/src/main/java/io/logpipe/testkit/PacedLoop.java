package io.logpipe.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a step on a thread of its own, again and again with a pause between runs, until stopped: the
 * steady background traffic of tests that kill and restart what consumes it. The pause paces the
 * traffic; it synchronises nothing.
 */
public final class PacedLoop implements AutoCloseable {

  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  /** One run of the loop. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;

  private PacedLoop(String name, Duration pause, Step step) {
    thread =
        new Thread(
            () -> {
              try {
                while (running.get()) {
                  step.run();
                  TimeUnit.NANOSECONDS.sleep(pause.toNanos());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                failure.set(e);
              }
            },
            name);
    thread.start();
  }

  /** Starts running {@code step} every {@code pause} on a thread named {@code name}. */
  public static PacedLoop start(String name, Duration pause, Step step) {
    return new PacedLoop(name, pause, step);
  }

  /**
   * Lets the current run finish, then ends the loop.
   *
   * @throws AssertionError when a run failed: the traffic the test counts on stopped early
   */
  public void stop() throws InterruptedException {
    running.set(false);
    thread.join(JOIN_TIMEOUT.toMillis());
    if (failure.get() != null) {
      throw new AssertionError(thread.getName() + " failed", failure.get());
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
