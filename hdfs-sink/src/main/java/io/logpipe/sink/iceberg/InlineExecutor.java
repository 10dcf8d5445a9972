package io.logpipe.sink.iceberg;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the calling thread, for a snapshot's manifest writes and manifest scans ({@code
 * writeManifestsWith}, {@code scanManifestsWith}). With Iceberg's shared worker pool the committing
 * thread waits for those tasks in a loop that sleeps 10 ms between checks ({@code Tasks.waitFor}):
 * 50-75 ms a sink commit and ~100 ms a rewrite in the profile (BENCHMARKS.md), for a few small
 * manifests that take a few milliseconds to write. Tasks run here are done when submitted, so the
 * wait returns at once.
 */
final class InlineExecutor extends AbstractExecutorService {

  static final InlineExecutor INSTANCE = new InlineExecutor();

  private InlineExecutor() {}

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {
    throw new UnsupportedOperationException("shared: never shut down");
  }

  @Override
  public List<Runnable> shutdownNow() {
    throw new UnsupportedOperationException("shared: never shut down");
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }
}
