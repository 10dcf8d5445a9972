package io.logpipe.sink;

import io.logpipe.schemas.Topics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of the sink, typed, with its default. Build one with {@link #builder(String, URI)}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param lake lake root, any Hadoop FileSystem URI; files go under {@code <lake>/curated/}
 * @param topic topic of {@code LogEvent}s to read
 * @param groupId consumer group id
 * @param zone zone of the {@code dt=}/{@code hour=} directories (event time)
 * @param codec Parquet compression codec
 * @param rotateRecords a partition's open files are committed after this many records
 * @param rotateBytes ... or once its open files hold this many (estimated) bytes
 * @param rotateAge ... or once the oldest of them is this old on the wall clock, even with no
 *     traffic
 * @param allowedLateness how long after an hour's end {@code _SUCCESS} waits (in watermark time)
 * @param idleTimeout a partition without records for this long lets the watermark advance with the
 *     clock
 * @param quietCommit a partition that has read everything there is and received no record for this
 *     long commits its open files at once, without waiting for the rotate age: the last rows of a
 *     backlog, or of a burst, reach readers sooner
 * @param maxOpenWriters cap on open Parquet writers in this instance (bounded memory)
 * @param rowGroupBytes Parquet row-group size: the most a writer buffers in memory
 * @param consumerProperties extra Kafka consumer properties, passed through (they win over the
 *     sink's defaults except the ones exactly-once needs: auto commit off, read_committed)
 * @param maxRetryTime how long transient file-system errors are retried before the sink stops
 * @param workerThreads helper threads that encode Parquet rows while the polling thread reads the
 *     next records (0: the polling thread does that work itself; closing files always has its own
 *     threads)
 * @param offsetRefresh Iceberg mode: an instance that committed no snapshot for this long (its
 *     partitions got no rows) commits one without rows that repeats their offsets, so that its
 *     newest snapshot is never older than this and expiring older snapshots loses no offset
 * @param clock wall clock for rotation age and idle time (tests inject their own)
 */
public record SinkConfig(
    String bootstrapServers,
    URI lake,
    String topic,
    String groupId,
    ZoneId zone,
    Codec codec,
    long rotateRecords,
    long rotateBytes,
    Duration rotateAge,
    Duration allowedLateness,
    Duration idleTimeout,
    Duration quietCommit,
    int maxOpenWriters,
    int rowGroupBytes,
    Map<String, String> consumerProperties,
    Duration maxRetryTime,
    int workerThreads,
    Duration offsetRefresh,
    Clock clock) {

  /** Compression codecs offered for the Parquet files. */
  public enum Codec {
    SNAPPY,
    ZSTD;

    /** File-name suffix part, e.g. {@code snappy}. */
    public String fileTag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String DEFAULT_GROUP_ID = "logpipe-hdfs-sink";
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
  public static final long DEFAULT_ROTATE_RECORDS = 1_000_000L;
  public static final long DEFAULT_ROTATE_BYTES = 128L * 1024 * 1024;
  public static final Duration DEFAULT_ROTATE_AGE = Duration.ofMinutes(10);
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(15);
  public static final int DEFAULT_MAX_OPEN_WRITERS = 64;

  /** 4 MiB: with the default cap of 64 writers the buffered rows stay under ~256 MiB of heap. */
  public static final int DEFAULT_ROW_GROUP_BYTES = 4 * 1024 * 1024;

  /**
   * 1 s: the processor commits its transactions every second or sooner, so a partition quiet for
   * that long has nothing on its way.
   */
  public static final Duration DEFAULT_QUIET_COMMIT = Duration.ofSeconds(1);

  public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofMinutes(5);

  /** 1 h: one commit an hour from a quiet instance; snapshots kept for longer keep every offset. */
  public static final Duration DEFAULT_OFFSET_REFRESH = Duration.ofHours(1);

  /** One helper per core beyond the polling thread's, at most 3. */
  public static final int DEFAULT_WORKER_THREADS =
      Math.max(0, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));

  public SinkConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(clock, "clock");
    consumerProperties = Map.copyOf(consumerProperties);
    require(!bootstrapServers.isBlank(), "bootstrap servers must not be empty");
    require(
        lake.getScheme() != null,
        "lake must be a URI with a scheme (file:///..., hdfs://...), got " + lake);
    require(rotateRecords > 0, "rotate records must be > 0");
    require(rotateBytes > 0, "rotate bytes must be > 0");
    require(!rotateAge.isNegative() && !rotateAge.isZero(), "rotate age must be > 0");
    require(!allowedLateness.isNegative(), "allowed lateness must be >= 0");
    require(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idle timeout must be > 0");
    Objects.requireNonNull(quietCommit, "quietCommit");
    require(!quietCommit.isNegative() && !quietCommit.isZero(), "quiet commit must be > 0");
    require(maxOpenWriters >= 1, "max open writers must be >= 1");
    require(rowGroupBytes >= 64 * 1024, "row group bytes must be >= 65536");
    require(workerThreads >= 0, "worker threads must be >= 0");
    Objects.requireNonNull(offsetRefresh, "offsetRefresh");
    require(!offsetRefresh.isNegative() && !offsetRefresh.isZero(), "offset refresh must be > 0");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A builder with every default set. */
  public static Builder builder(String bootstrapServers, URI lake) {
    return new Builder(bootstrapServers, lake);
  }

  /** Builder of {@link SinkConfig}; every setter returns {@code this}. */
  public static final class Builder {
    private final String bootstrapServers;
    private final URI lake;
    private String topic = Topics.CURATED;
    private String groupId = DEFAULT_GROUP_ID;
    private ZoneId zone = DEFAULT_ZONE;
    private Codec codec = Codec.SNAPPY;
    private long rotateRecords = DEFAULT_ROTATE_RECORDS;
    private long rotateBytes = DEFAULT_ROTATE_BYTES;
    private Duration rotateAge = DEFAULT_ROTATE_AGE;
    private Duration allowedLateness = DEFAULT_ALLOWED_LATENESS;
    private Duration idleTimeout;
    private Duration quietCommit = DEFAULT_QUIET_COMMIT;
    private int maxOpenWriters = DEFAULT_MAX_OPEN_WRITERS;
    private int rowGroupBytes = DEFAULT_ROW_GROUP_BYTES;
    private Map<String, String> consumerProperties = Map.of();
    private Duration maxRetryTime = DEFAULT_MAX_RETRY_TIME;
    private int workerThreads = DEFAULT_WORKER_THREADS;
    private Duration offsetRefresh = DEFAULT_OFFSET_REFRESH;
    private Clock clock = Clock.systemUTC();

    private Builder(String bootstrapServers, URI lake) {
      this.bootstrapServers = bootstrapServers;
      this.lake = lake;
    }

    public Builder topic(String v) {
      topic = v;
      return this;
    }

    public Builder groupId(String v) {
      groupId = v;
      return this;
    }

    public Builder zone(ZoneId v) {
      zone = v;
      return this;
    }

    public Builder codec(Codec v) {
      codec = v;
      return this;
    }

    public Builder rotateRecords(long v) {
      rotateRecords = v;
      return this;
    }

    public Builder rotateBytes(long v) {
      rotateBytes = v;
      return this;
    }

    public Builder rotateAge(Duration v) {
      rotateAge = v;
      return this;
    }

    public Builder allowedLateness(Duration v) {
      allowedLateness = v;
      return this;
    }

    /** Defaults to the rotate age when not set. */
    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

    public Builder quietCommit(Duration v) {
      quietCommit = v;
      return this;
    }

    public Builder maxOpenWriters(int v) {
      maxOpenWriters = v;
      return this;
    }

    public Builder rowGroupBytes(int v) {
      rowGroupBytes = v;
      return this;
    }

    public Builder consumerProperties(Map<String, String> v) {
      consumerProperties = v;
      return this;
    }

    public Builder maxRetryTime(Duration v) {
      maxRetryTime = v;
      return this;
    }

    public Builder offsetRefresh(Duration v) {
      offsetRefresh = v;
      return this;
    }

    public Builder workerThreads(int v) {
      workerThreads = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public SinkConfig build() {
      return new SinkConfig(
          bootstrapServers,
          lake,
          topic,
          groupId,
          zone,
          codec,
          rotateRecords,
          rotateBytes,
          rotateAge,
          allowedLateness,
          idleTimeout == null ? rotateAge : idleTimeout,
          quietCommit,
          maxOpenWriters,
          rowGroupBytes,
          consumerProperties,
          maxRetryTime,
          workerThreads,
          offsetRefresh,
          clock);
    }
  }
}
