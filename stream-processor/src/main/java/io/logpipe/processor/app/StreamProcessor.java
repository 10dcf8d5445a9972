package io.logpipe.processor.app;

import io.logpipe.commandline.monitoring.KafkaClientMeters;
import io.logpipe.metrics.StageStatus;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.errors.ErrorHandling;
import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.processor.topology.LogTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream processor as a running service, for in-process use (the {@code logpipe} CLI, tests):
 *
 * <pre>{@code
 * ProcessorConfig config = ProcessorConfig.builder().bootstrapServers("localhost:9092")
 *     .kafkaProperty("state.dir", "/var/lib/logpipe").build();
 * try (StreamProcessor p = StreamProcessor.start(config, null)) {
 *   p.awaitRunning(Duration.ofSeconds(60));
 *   ... p.metrics().curatedCount() ...
 * }
 * }</pre>
 *
 * Creates missing topics first (or fails naming them), runs the {@link LogTopology} with
 * exactly-once v2 and the dead-letter exception handlers, replaces a stream thread that dies
 * instead of stopping, and closes gracefully (committing) on {@link #close()}.
 */
public final class StreamProcessor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamProcessor.class);

  /** How long {@link #close()} waits for stream threads to commit and stop. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private final ProcessorConfig config;
  private final ProcessorMetrics metrics;
  private final KafkaStreams streams;
  private final AutoCloseable streamsMetrics;
  private boolean closed;

  private StreamProcessor(
      ProcessorConfig config,
      ProcessorMetrics metrics,
      KafkaStreams streams,
      AutoCloseable streamsMetrics) {
    this.config = config;
    this.metrics = metrics;
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
  }

  /**
   * Starts a processor against {@code bootstrapServers}, configured by properties as the {@code
   * process} command is.
   *
   * @param overrides any {@code logpipe.*} ({@link ProcessorConfig}) or Kafka Streams property,
   *     e.g. {@code state.dir}, {@code application.id}, {@code logpipe.topics.partitions}
   * @param registry where to publish the processor's meters (they replace an earlier processor's)
   *     and Kafka Streams' (removed on {@link #close()}); may be null
   * @throws MissingTopicsException when topics are missing and creation is disabled
   * @throws io.logpipe.processor.config.ConfigException for an invalid property
   */
  public static StreamProcessor start(
      String bootstrapServers, Map<String, String> overrides, MeterRegistry registry) {
    Map<String, String> props = new HashMap<>(overrides);
    props.put(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
        Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    return start(ProcessorConfig.from(props), registry);
  }

  /** Starts a processor from a complete config, which must contain {@code bootstrap.servers}. */
  public static StreamProcessor start(ProcessorConfig config, MeterRegistry registry) {
    Properties props = config.streamsProperties();
    if (config.bootstrapServers() == null) {
      throw new io.logpipe.processor.config.ConfigException("bootstrap.servers is required");
    }
    int rawPartitions = TopicProvisioner.ensureTopics(config, props);
    ProcessorMetrics metrics = new ProcessorMetrics();
    ErrorHandling.install(props, config.rejectedTopic(), metrics, config.clock());
    KafkaStreams streams =
        new KafkaStreams(LogTopology.build(config, metrics, rawPartitions), props);
    // A poison record is handled by the exception handlers; anything else that kills a thread gets
    // it replaced.
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("Stream thread died; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
    AutoCloseable streamsMetrics = null;
    if (registry != null) {
      metrics.bindTo(registry);
      // Refreshed every few seconds rather than every minute: a partition's lag
      // (kafka_consumer_fetch_manager_records_lag) appears soon after the assignment.
      streamsMetrics =
          KafkaClientMeters.bind(
              registry,
              refresh ->
                  new KafkaStreamsMetrics(
                      streams, Tags.empty(), refresh, KafkaClientMeters.REFRESH));
    }
    log.info(
        "Starting stream processor {} on {}: {}",
        props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
        props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
        config);
    streams.start();
    return new StreamProcessor(config, metrics, streams, streamsMetrics);
  }

  /**
   * The processor's counters (lines in, curated, rejected by reason, late events); readable from
   * any thread.
   */
  public ProcessorMetrics metrics() {
    return metrics;
  }

  /** The effective configuration. */
  public ProcessorConfig config() {
    return config;
  }

  /** Kafka Streams' state (CREATED, REBALANCING, RUNNING, ...). */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Liveness and readiness for {@code /healthz} and {@code /readyz}: ready while RUNNING with its
   * consumers connected to Kafka, live until it stops or fails.
   */
  public StageStatus status() {
    return ProcessorReadiness.of(streams.state(), streams.metrics());
  }

  /** Waits until the application is RUNNING; false when the timeout passes or it stopped. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      KafkaStreams.State s = streams.state();
      if (s == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (!s.isRunningOrRebalancing() && s != KafkaStreams.State.CREATED) {
        return false;
      }
      Thread.sleep(50); // polling a state with a deadline, not synchronising on time
    }
    return false;
  }

  /**
   * Stops gracefully: commits, closes state stores and leaves the group; waits up to {@link
   * #CLOSE_TIMEOUT}.
   */
  @Override
  public void close() {
    close(CLOSE_TIMEOUT);
  }

  /** As {@link #close()} with an explicit timeout; true when everything stopped in time. */
  public synchronized boolean close(Duration timeout) {
    if (closed) {
      return true;
    }
    closed = true;
    log.info("Stopping stream processor: {}", metrics);
    // Leaving the group lets the partitions move to other instances at once instead of after the
    // session timeout.
    boolean done =
        streams.close(
            org.apache.kafka.streams.CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(
                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (streamsMetrics != null) {
      try {
        streamsMetrics.close();
      } catch (Exception e) {
        log.warn("Closing the Kafka Streams meters failed: {}", e.toString());
      }
    }
    log.info("Stream processor stopped{}", done ? "" : " (timed out)");
    return done;
  }
}
