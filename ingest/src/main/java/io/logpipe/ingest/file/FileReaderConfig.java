package io.logpipe.ingest.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the log-file reader reads and how, typed, with its defaults. Build one with {@link
 * #builder(List)}.
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
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive");
    }
  }

  /** A builder reading {@code files} once, with no host header and the default intervals. */
  public static Builder builder(List<Path> files) {
    return new Builder(files);
  }

  /** Builder of {@link FileReaderConfig}; every setter returns {@code this}. */
  public static final class Builder {
    private final List<Path> files;
    private String host;
    private boolean follow;
    private Path stateDir;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;

    private Builder(List<Path> files) {
      this.files = files;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder follow(boolean v) {
      follow = v;
      return this;
    }

    public Builder stateDir(Path v) {
      stateDir = v;
      return this;
    }

    public Builder pollInterval(Duration v) {
      pollInterval = v;
      return this;
    }

    public Builder checkpointInterval(Duration v) {
      checkpointInterval = v;
      return this;
    }

    /** Validates and builds. */
    public FileReaderConfig build() {
      return new FileReaderConfig(files, host, follow, stateDir, pollInterval, checkpointInterval);
    }
  }
}
