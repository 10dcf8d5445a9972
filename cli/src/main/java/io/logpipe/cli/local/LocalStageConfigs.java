package io.logpipe.cli.local;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.sink.SinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The settings of a local run's processor and sink instances: one place for all of them. */
final class LocalStageConfigs {

  /** Sink settings that make a short local run publish files and close hours within seconds. */
  static final Duration SINK_ROTATE_AGE = Duration.ofSeconds(5);

  static final Duration SINK_IDLE_TIMEOUT = Duration.ofSeconds(2);
  static final Duration SINK_ALLOWED_LATENESS = Duration.ofSeconds(10);

  /**
   * The processor forwards partial status counts on this wall-clock interval. The generator runs
   * event time hundreds of times faster than the wall clock, so the default 200 ms would span more
   * simulated time than the 30 s grace and most counts would arrive after their window closed; 20
   * ms keeps a flush well inside it.
   */
  static final Duration COUNT_FLUSH_INTERVAL = Duration.ofMillis(20);

  private final LocalOptions options;
  private final String bootstrap;
  private final URI lake;
  private final Path scratch;

  LocalStageConfigs(LocalOptions options, String bootstrap, URI lake, Path scratch) {
    this.options = options;
    this.bootstrap = bootstrap;
    this.lake = lake;
    this.scratch = scratch;
  }

  /** Processor instance n: its own state directory and client id, the one application id. */
  ProcessorConfig processor(int n) {
    return ProcessorConfig.builder()
        .bootstrapServers(bootstrap)
        .kafkaProperty(
            StreamsConfig.STATE_DIR_CONFIG,
            scratch.resolve(n == 1 ? "streams" : "streams-" + n).toString())
        .kafkaProperty(StreamsConfig.CLIENT_ID_CONFIG, LocalStages.instanceName("processor", n))
        .topicPartitions(options.partitions())
        .countFlushInterval(COUNT_FLUSH_INTERVAL)
        // The dashboard shows open windows from the live counts; without it nobody reads them.
        .liveCountsEnabled(options.dashboardPort() != null)
        .build();
  }

  /** Sink instance n: its own client id, the one group. */
  SinkConfig sink(int n) {
    return SinkConfig.builder(bootstrap, lake)
        .rotateAge(SINK_ROTATE_AGE)
        .idleTimeout(SINK_IDLE_TIMEOUT)
        .allowedLateness(SINK_ALLOWED_LATENESS)
        .consumerProperties(
            Map.of(ConsumerConfig.CLIENT_ID_CONFIG, LocalStages.instanceName("sink", n)))
        .build();
  }
}
