package io.logpipe.dashboard;

import io.logpipe.schemas.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the dashboard server needs, in one typed place.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param lake the lake root ({@code file:///…}, {@code hdfs://…}); its {@code curated/} and {@code
 *     analytics/} are shown
 * @param bind address the HTTP server listens on (loopback unless the user exposes it)
 * @param port HTTP port; 0 picks a free one
 * @param interval how often the live snapshot is collected and pushed
 * @param processorGroup consumer group of the stream processor (its {@code application.id})
 * @param sinkGroup consumer group of the HDFS sink
 * @param windows how many of the newest windows the status chart keeps
 * @param kafkaProperties extra client properties for the dashboard's consumers and admin client
 */
public record DashboardConfig(
    String bootstrapServers,
    URI lake,
    String bind,
    int port,
    Duration interval,
    String processorGroup,
    String sinkGroup,
    int windows,
    Map<String, String> kafkaProperties) {

  public static final int DEFAULT_PORT = 8501;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final String DEFAULT_PROCESSOR_GROUP = "logpipe-stream-processor";
  public static final String DEFAULT_SINK_GROUP = "logpipe-hdfs-sink";
  public static final int DEFAULT_WINDOWS = 30;

  /** Topics whose end offsets give the pipeline's rates. */
  public static final String RAW_TOPIC = Topics.RAW;

  public static final String CURATED_TOPIC = Topics.CURATED;
  public static final String REJECTED_TOPIC = Topics.REJECTED;

  public DashboardConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the refresh interval must be > 0, got " + interval);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the port must be between 0 and 65535, got " + port);
    }
  }

  /** The defaults, for a broker and a lake. */
  public static DashboardConfig of(String bootstrapServers, URI lake) {
    return new DashboardConfig(
        bootstrapServers,
        lake,
        DEFAULT_BIND,
        DEFAULT_PORT,
        DEFAULT_INTERVAL,
        DEFAULT_PROCESSOR_GROUP,
        DEFAULT_SINK_GROUP,
        DEFAULT_WINDOWS,
        Map.of());
  }

  public DashboardConfig withPort(int newPort) {
    return new DashboardConfig(
        bootstrapServers,
        lake,
        bind,
        newPort,
        interval,
        processorGroup,
        sinkGroup,
        windows,
        kafkaProperties);
  }

  public DashboardConfig withBind(String newBind) {
    return new DashboardConfig(
        bootstrapServers,
        lake,
        newBind,
        port,
        interval,
        processorGroup,
        sinkGroup,
        windows,
        kafkaProperties);
  }

  public DashboardConfig withInterval(Duration newInterval) {
    return new DashboardConfig(
        bootstrapServers,
        lake,
        bind,
        port,
        newInterval,
        processorGroup,
        sinkGroup,
        windows,
        kafkaProperties);
  }
}
