package io.logpipe.sink;

import io.logpipe.commandline.monitoring.KafkaClientMeters;
import io.logpipe.metrics.StageStatus;
import io.logpipe.sink.consumer.SinkLoop;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.metrics.SinkReadiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sink: reads {@code LogEvent}s from Kafka and writes them exactly once as hourly Parquet
 * files into the lake, on its own thread. {@link #close()} publishes what it holds and stops.
 *
 * <pre>{@code
 * SinkConfig config = SinkConfig.builder("localhost:9092", URI.create("hdfs://nn:8020/datalake/logs")).build();
 * try (HdfsSink sink = HdfsSink.start(config, new Configuration(), null)) {
 *   ...
 *   long rows = sink.counters().rowsCommitted();
 * }
 * }</pre>
 */
public final class HdfsSink implements RunningSink {

  private static final Logger log = LoggerFactory.getLogger(HdfsSink.class);

  private final SinkLoop loop;
  private final SinkMetrics metrics;
  private final FileSystem fs;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AutoCloseable consumerMeters;
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Throwable failure;

  private HdfsSink(
      SinkLoop loop,
      SinkMetrics metrics,
      FileSystem fs,
      KafkaConsumer<byte[], byte[]> consumer,
      AutoCloseable consumerMeters) {
    this.loop = loop;
    this.metrics = metrics;
    this.fs = fs;
    this.consumer = consumer;
    this.consumerMeters = consumerMeters;
    this.thread = new Thread(this::runLoop, "logpipe-hdfs-sink");
  }

  /**
   * Starts a sink.
   *
   * @param config the sink's settings
   * @param hadoopConf Hadoop client configuration for the lake (core-site/hdfs-site settings)
   * @param registry where to register the sink's meters (they replace an earlier sink's) and its
   *     consumer's (removed on {@link #close()}); null for a private registry
   */
  public static HdfsSink start(
      SinkConfig config, Configuration hadoopConf, MeterRegistry registry) {
    io.logpipe.sink.fs.ObjectStores.refuseInFileMode(config.lake());
    FileSystem fs;
    try {
      fs = openLake(config.lake(), hadoopConf);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot open the lake " + config.lake() + ": " + e.getMessage(), e);
    }
    SinkMetrics metrics =
        new SinkMetrics(
            registry != null ? registry : new SimpleMeterRegistry(),
            config.clock(),
            config.allowedLateness());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    // The consumer's own metrics, among them each assigned partition's lag.
    AutoCloseable consumerMeters =
        registry != null ? KafkaClientMeters.bind(registry, consumer) : () -> {};
    HdfsSink sink =
        new HdfsSink(
            new SinkLoop(config, fs, consumer, metrics), metrics, fs, consumer, consumerMeters);
    sink.thread.start();
    log.info(
        "HDFS sink started: {} -> {}/curated (zone {}, group {})",
        config.topic(),
        config.lake(),
        config.zone(),
        config.groupId());
    return sink;
  }

  /**
   * The consumer's {@code session.timeout.ms} unless configured: suits static membership (see the
   * README).
   */
  public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);

  /** The consumer's {@code heartbeat.interval.ms} unless configured. */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  private static final String LAKE_IN_LOCAL_DIRECTORY = "file";

  private static final String LOCAL_FS_IMPL = "fs.file.impl";

  /**
   * The sink's own file system instance for {@code lake} (closing it never disturbs other users of
   * Hadoop's cache in this JVM): {@link io.logpipe.lake.LocalLakeFileSystem} for a local directory,
   * unless the configuration names another {@code fs.file.impl} than Hadoop's {@code
   * LocalFileSystem}; otherwise whatever Hadoop maps the scheme to, with the sink's {@link
   * io.logpipe.sink.fs.HdfsCloseRetries} unless the configuration sets its own.
   */
  static FileSystem openLake(java.net.URI lake, Configuration conf) throws IOException {
    String impl = conf.get(LOCAL_FS_IMPL);
    // Shaded deployments often name Hadoop's own LocalFileSystem there: that one is what this
    // replaces.
    boolean ownLocalImpl =
        impl != null && !impl.equals(org.apache.hadoop.fs.LocalFileSystem.class.getName());
    if (!LAKE_IN_LOCAL_DIRECTORY.equals(lake.getScheme()) || ownLocalImpl) {
      return FileSystem.newInstance(lake, io.logpipe.sink.fs.HdfsCloseRetries.apply(conf));
    }
    // As Hadoop creates file systems: configured (checksum settings) before it is initialised.
    FileSystem fs =
        org.apache.hadoop.util.ReflectionUtils.newInstance(
            io.logpipe.lake.LocalLakeFileSystem.class, conf);
    fs.initialize(lake, conf);
    return fs;
  }

  /** The consumer's settings: the sink's defaults, the configured ones, auto commit off. */
  public static Map<String, Object> consumerProperties(SinkConfig config) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Larger polls amortise the per-poll housekeeping; still far below max.poll.interval.ms of
    // work.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "logpipe-hdfs-sink-" + ProcessHandle.current().pid());
    // With static membership (the sink command's --instance-id) a sink restarted within the session
    // timeout takes
    // its partitions back without a rebalance: 30 s covers a restart with room to spare, and bounds
    // how long a
    // crashed sink that does not come back holds its partitions (Kafka's default: 45 s). Heartbeats
    // every second
    // (default 3 s) let the other members see a rebalance, e.g. after a clean stop, sooner.
    // The new consumer protocol refuses these three: its broker assigns and sets the session and
    // heartbeat.
    boolean classic =
        "classic"
            .equalsIgnoreCase(
                config
                    .consumerProperties()
                    .getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"));
    if (classic) {
      p.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(SESSION_TIMEOUT.toMillis()));
      p.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
          String.valueOf(HEARTBEAT_INTERVAL.toMillis()));
    }
    p.putAll(config.consumerProperties());
    // The lake, not Kafka, records progress: offsets are committed by the sink after each lake
    // commit.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  private void runLoop() {
    try {
      loop.run();
    } catch (Throwable t) {
      failure = t;
      log.error("HDFS sink stopped: {}", t.getMessage(), t);
    } finally {
      try {
        fs.close();
      } catch (IOException e) {
        log.debug("Closing the lake file system: {}", e.toString());
      }
      done.countDown();
    }
  }

  /** Live progress, readable from any thread. */
  @Override
  public SinkCounters counters() {
    return new SinkCounters(
        metrics.rowsWritten(),
        metrics.rowsCommitted(),
        metrics.filesCommitted(),
        metrics.commits(),
        metrics.quarantinedCount(),
        metrics.hoursCompleted(),
        metrics.openWriters(),
        metrics.assignedPartitions());
  }

  /**
   * Liveness and readiness for {@code /healthz} and {@code /readyz}: ready once its consumer has
   * joined the group and is connected to Kafka, down once it stopped.
   */
  @Override
  public StageStatus status() {
    return SinkReadiness.of(isRunning(), failure, metrics.assignedPartitions(), consumer.metrics());
  }

  /** Whether the sink's thread is still running. */
  @Override
  public boolean isRunning() {
    return done.getCount() > 0;
  }

  /** Why the sink stopped on its own, if it did. */
  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Waits for the sink's thread to end; true if it did within {@code timeout}. */
  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Publishes the files in progress, commits offsets and stops (waits up to two minutes); its
   * consumer's meters leave the registry, the sink's stay with their last values.
   */
  @Override
  public void close() {
    loop.stop();
    try {
      if (!awaitTermination(Duration.ofMinutes(2))) {
        log.warn("HDFS sink did not stop within 2 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        consumerMeters.close();
      } catch (Exception e) {
        log.debug("Removing the consumer's meters: {}", e.toString());
      }
    }
  }
}
