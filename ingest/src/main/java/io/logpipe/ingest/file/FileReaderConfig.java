package io.logpipe.ingest.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the log-file reader reads and how.
 *
 * @param files files or directories (a directory stands for its regular, non-hidden files in name
 *     order)
 * @param host virtual host that served these files, sent as the {@code host} header; null for none
 *     (the lines carry their host, as JSON lines do)
 * @param follow keep reading as the files grow, across rotation and truncation, until stopped
 * @param stateDir where {@code --follow} positions are kept; null for each file's own directory
 * @param pollInterval how often a followed file is checked when nothing new arrived
 * @param checkpointInterval how often a follower waits for delivery and records its position
 */
public record FileReaderConfig(
    List<Path> files,
    String host,
    boolean follow,
    Path stateDir,
    Duration pollInterval,
    Duration checkpointInterval) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  public FileReaderConfig {
    files = List.copyOf(files);
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("at least one input file is needed");
    }
    if (host != null && host.isBlank()) {
      throw new IllegalArgumentException("--host must not be blank");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive");
    }
  }

  /** Reads {@code files} once, with default intervals and no host header. */
  public static FileReaderConfig of(List<Path> files) {
    return new FileReaderConfig(
        files, null, false, null, DEFAULT_POLL_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
  }

  public FileReaderConfig withHost(String newHost) {
    return new FileReaderConfig(files, newHost, follow, stateDir, pollInterval, checkpointInterval);
  }

  public FileReaderConfig withFollow(boolean newFollow, Path newStateDir) {
    return new FileReaderConfig(
        files, host, newFollow, newStateDir, pollInterval, checkpointInterval);
  }

  public FileReaderConfig withPollInterval(Duration newPollInterval) {
    return new FileReaderConfig(files, host, follow, stateDir, newPollInterval, checkpointInterval);
  }
}
