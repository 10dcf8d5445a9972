package io.logpipe.processor.config;

import io.logpipe.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Builder of {@link ProcessorConfig}, from {@link ProcessorConfig#builder()}: every setting starts
 * at its default; every setter returns {@code this}.
 */
public final class ProcessorConfigBuilder {
  private String rawTopic = Topics.RAW;
  private String curatedTopic = Topics.CURATED;
  private String rejectedTopic = Topics.REJECTED;
  private String statusCountsTopic = Topics.STATUS_COUNTS;
  private String statusCountsLiveTopic = Topics.STATUS_COUNTS_LIVE;
  private String statusCountsLateTopic = Topics.STATUS_COUNTS_LATE;
  private boolean liveCountsEnabled;
  private Duration windowSize = ProcessorConfig.DEFAULT_WINDOW_SIZE;
  private Duration windowGrace = ProcessorConfig.DEFAULT_WINDOW_GRACE;
  private Duration windowIdleTimeout = ProcessorConfig.DEFAULT_WINDOW_IDLE_TIMEOUT;
  private Duration countFlushInterval = ProcessorConfig.DEFAULT_COUNT_FLUSH_INTERVAL;
  private ZoneId zone = ProcessorConfig.DEFAULT_ZONE;
  private int maxLineBytes = ProcessorConfig.DEFAULT_MAX_LINE_BYTES;
  private Duration maxFuture = ProcessorConfig.DEFAULT_MAX_FUTURE;
  private String defaultHost = ProcessorConfig.DEFAULT_DEFAULT_HOST;
  private boolean createTopics = true;
  private int topicPartitions = ProcessorConfig.DEFAULT_TOPIC_PARTITIONS;
  private short topicReplication = ProcessorConfig.DEFAULT_TOPIC_REPLICATION;
  private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
  private Clock clock = Clock.systemUTC();

  ProcessorConfigBuilder() {}

  public ProcessorConfigBuilder rawTopic(String v) {
    rawTopic = v;
    return this;
  }

  public ProcessorConfigBuilder curatedTopic(String v) {
    curatedTopic = v;
    return this;
  }

  public ProcessorConfigBuilder rejectedTopic(String v) {
    rejectedTopic = v;
    return this;
  }

  public ProcessorConfigBuilder statusCountsTopic(String v) {
    statusCountsTopic = v;
    return this;
  }

  public ProcessorConfigBuilder statusCountsLiveTopic(String v) {
    statusCountsLiveTopic = v;
    return this;
  }

  public ProcessorConfigBuilder statusCountsLateTopic(String v) {
    statusCountsLateTopic = v;
    return this;
  }

  public ProcessorConfigBuilder liveCountsEnabled(boolean v) {
    liveCountsEnabled = v;
    return this;
  }

  public ProcessorConfigBuilder windowSize(Duration v) {
    windowSize = v;
    return this;
  }

  public ProcessorConfigBuilder windowGrace(Duration v) {
    windowGrace = v;
    return this;
  }

  public ProcessorConfigBuilder windowIdleTimeout(Duration v) {
    windowIdleTimeout = v;
    return this;
  }

  public ProcessorConfigBuilder countFlushInterval(Duration v) {
    countFlushInterval = v;
    return this;
  }

  public ProcessorConfigBuilder zone(ZoneId v) {
    zone = v;
    return this;
  }

  public ProcessorConfigBuilder maxLineBytes(int v) {
    maxLineBytes = v;
    return this;
  }

  public ProcessorConfigBuilder maxFuture(Duration v) {
    maxFuture = v;
    return this;
  }

  public ProcessorConfigBuilder defaultHost(String v) {
    defaultHost = v;
    return this;
  }

  public ProcessorConfigBuilder createTopics(boolean v) {
    createTopics = v;
    return this;
  }

  public ProcessorConfigBuilder topicPartitions(int v) {
    topicPartitions = v;
    return this;
  }

  public ProcessorConfigBuilder topicReplication(short v) {
    topicReplication = v;
    return this;
  }

  /** Sets {@code bootstrap.servers}. */
  public ProcessorConfigBuilder bootstrapServers(String v) {
    return kafkaProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, v);
  }

  /** Sets one Kafka Streams or client property (no {@code logpipe.} key). */
  public ProcessorConfigBuilder kafkaProperty(String key, String value) {
    kafkaProperties.put(key, value);
    return this;
  }

  /** Adds Kafka Streams or client properties (no {@code logpipe.} key). */
  public ProcessorConfigBuilder kafkaProperties(Map<String, String> v) {
    kafkaProperties.putAll(v);
    return this;
  }

  public ProcessorConfigBuilder clock(Clock v) {
    clock = v;
    return this;
  }

  /**
   * @throws ConfigException naming the key of the first setting the processor cannot use
   */
  public ProcessorConfig build() {
    return new ProcessorConfig(
        rawTopic,
        curatedTopic,
        rejectedTopic,
        statusCountsTopic,
        statusCountsLiveTopic,
        statusCountsLateTopic,
        liveCountsEnabled,
        windowSize,
        windowGrace,
        windowIdleTimeout,
        countFlushInterval,
        zone,
        maxLineBytes,
        maxFuture,
        defaultHost,
        createTopics,
        topicPartitions,
        topicReplication,
        kafkaProperties,
        clock);
  }
}
