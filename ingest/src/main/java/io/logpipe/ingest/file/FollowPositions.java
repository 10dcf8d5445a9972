package io.logpipe.ingest.file;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each followed file is, published by the {@link FollowLoop} after every poll and readable
 * from any thread: the position after the last line handed over (bytes and line number) and the
 * size of the file being read. Bound to a registry, every file is {@code
 * logpipe_ingest_follow_position_bytes{file}}, {@code logpipe_ingest_follow_position_lines{file}}
 * and {@code logpipe_ingest_follow_file_size_bytes{file}}: a position that stops moving while the
 * size grows is a follower that fell behind.
 */
public final class FollowPositions implements MeterBinder {

  /** One file's published state. */
  public record Position(long offset, long lineNumber, long size) {}

  private final Map<String, Position> positions = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  /** Publishes {@code source}'s position after a poll. */
  public void update(String source, FollowPosition position, long size) {
    Position now = new Position(position.offset(), position.lineNumber(), size);
    if (positions.put(source, now) == null) {
      MeterRegistry r = registry;
      if (r != null) {
        bindFile(r, source);
      }
    }
  }

  /** The newest position of {@code source}, or null before its first poll. */
  public Position get(String source) {
    return positions.get(source);
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    this.registry = registry;
    positions.keySet().forEach(source -> bindFile(registry, source));
  }

  private void bindFile(MeterRegistry registry, String source) {
    Gauge.builder("logpipe.ingest.follow.position", this, p -> p.get(source).offset())
        .tag("file", source)
        .baseUnit("bytes")
        .description("Byte offset after the last line of the followed file handed to Kafka")
        .register(registry);
    Gauge.builder("logpipe.ingest.follow.position.lines", this, p -> p.get(source).lineNumber())
        .tag("file", source)
        .description("Line number of the last line of the followed file handed to Kafka")
        .register(registry);
    Gauge.builder("logpipe.ingest.follow.file.size", this, p -> p.get(source).size())
        .tag("file", source)
        .baseUnit("bytes")
        .description("Size of the file being followed")
        .register(registry);
  }
}
