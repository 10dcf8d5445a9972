package io.logpipe.ingest.file;

import io.logpipe.ingest.StopSignal;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Drives one or more {@link FileFollower}s on the calling thread until stopped, checkpointing
 * periodically.
 */
public final class FollowLoop {

  /** A followed file and the handler its lines go to. */
  public record Target(FileFollower follower, FileLineHandler handler) {}

  private final List<Target> targets;
  private final Duration pollInterval;
  private final Duration checkpointInterval;
  private final FollowPositions positions;

  public FollowLoop(List<Target> targets, Duration pollInterval, Duration checkpointInterval) {
    this(targets, pollInterval, checkpointInterval, new FollowPositions());
  }

  /** As the other constructor, publishing each follower's position to {@code positions}. */
  public FollowLoop(
      List<Target> targets,
      Duration pollInterval,
      Duration checkpointInterval,
      FollowPositions positions) {
    this.targets = List.copyOf(targets);
    this.pollInterval = pollInterval;
    this.checkpointInterval = checkpointInterval;
    this.positions = positions;
  }

  /**
   * Polls every follower, waits {@code pollInterval} when nothing was new, checkpoints every {@code
   * checkpointInterval}, and once more when {@code stop} fires (then returns).
   *
   * @param failed checked after each round: when true, the loop returns without a final checkpoint
   */
  public void run(StopSignal stop, BooleanSupplier failed) throws IOException {
    long lastCheckpoint = System.nanoTime();
    while (!stop.isStopped() && !failed.getAsBoolean()) {
      long read = 0;
      for (Target t : targets) {
        read += t.follower().poll(t.handler());
        positions.update(t.follower().source(), t.follower().position(), t.follower().size());
      }
      if (System.nanoTime() - lastCheckpoint >= checkpointInterval.toNanos()) {
        checkpointAll();
        lastCheckpoint = System.nanoTime();
      }
      if (read == 0) {
        stop.await(pollInterval);
      }
    }
    if (!failed.getAsBoolean()) {
      checkpointAll();
    }
  }

  private void checkpointAll() throws IOException {
    for (Target t : targets) {
      t.follower().checkpoint(t.handler());
    }
  }
}
