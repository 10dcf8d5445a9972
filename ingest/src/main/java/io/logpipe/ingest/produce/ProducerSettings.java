package io.logpipe.ingest.produce;

import io.logpipe.commandline.KafkaConnection;
import io.logpipe.schemas.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How ingest talks to Kafka, typed, with its defaults: where, which topic, compression, keying, and
 * any producer property the user passes through. The producer is always idempotent with {@code
 * acks=all}; those two cannot be overridden, because the no-duplicate, no-loss guarantee depends on
 * them. Build one with {@link #builder()}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic topic the lines go to
 * @param compression producer compression
 * @param keyMode how records are keyed
 * @param overrides user-supplied producer properties (file first, then individual ones), applied
 *     over the defaults
 * @param connectTimeout how long the broker has to answer before a run sends anything; null: no
 *     such check (the clients' timeouts)
 */
public record ProducerSettings(
    String bootstrapServers,
    String topic,
    Compression compression,
    KeyMode keyMode,
    Map<String, String> overrides,
    Duration connectTimeout) {

  public static final String DEFAULT_BOOTSTRAP = KafkaConnection.DEFAULT_BOOTSTRAP;
  public static final String DEFAULT_TOPIC = Topics.RAW;
  public static final Compression DEFAULT_COMPRESSION = Compression.LZ4;
  public static final KeyMode DEFAULT_KEY_MODE = KeyMode.NONE;

  /** Batching tuned for throughput: lines are small, so wait a little and fill large batches. */
  public static final int DEFAULT_LINGER_MS = 10;

  public static final int DEFAULT_BATCH_BYTES = 512 * 1024;
  public static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;

  /** Kafka's own default for {@code max.request.size}, which bounds one record. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

  /**
   * Room for the record batch and record framing, key and headers, so a line that fits really fits.
   */
  public static final int RECORD_OVERHEAD_BYTES = 512;

  /** How long close() waits for in-flight records after a stop request (Ctrl-C). */
  public static final Duration STOP_FLUSH_TIMEOUT = Duration.ofSeconds(30);

  public ProducerSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(keyMode, "keyMode");
    overrides = Map.copyOf(overrides);
    if (connectTimeout != null && (connectTimeout.isZero() || connectTimeout.isNegative())) {
      connectTimeout = null;
    }
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be empty");
    }
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
    String maxRequest = overrides.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    if (maxRequest != null) {
      try {
        if (Integer.parseInt(maxRequest.trim()) <= RECORD_OVERHEAD_BYTES) {
          throw new IllegalArgumentException(
              "max.request.size must exceed " + RECORD_OVERHEAD_BYTES);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("max.request.size is not a number: " + maxRequest, e);
      }
    }
  }

  /** A builder with every default set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The complete producer configuration. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression.kafkaName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(DEFAULT_LINGER_MS));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(DEFAULT_BATCH_BYTES));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(DEFAULT_BUFFER_BYTES));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "logpipe-ingest");
    p.putAll(overrides);
    // Not overridable: the delivery guarantee rests on them.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** Largest line (in bytes) that can be sent as one record under {@code max.request.size}. */
  public int maxLineBytes() {
    String v = toProperties().getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    int maxRequest = v == null ? DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(v.trim());
    return Math.max(1, maxRequest - RECORD_OVERHEAD_BYTES);
  }

  /** Builder of {@link ProducerSettings}; every setter returns {@code this}. */
  public static final class Builder {
    private String bootstrapServers = DEFAULT_BOOTSTRAP;
    private String topic = DEFAULT_TOPIC;
    private Compression compression = DEFAULT_COMPRESSION;
    private KeyMode keyMode = DEFAULT_KEY_MODE;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration connectTimeout;

    private Builder() {}

    /**
     * Check that the broker answers within {@code timeout} before sending; null or zero: no check.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    public Builder keyMode(KeyMode keyMode) {
      this.keyMode = keyMode;
      return this;
    }

    /** Adds one producer property (any Kafka producer setting). */
    public Builder property(String name, String value) {
      overrides.put(name, value);
      return this;
    }

    public Builder properties(Map<String, String> properties) {
      overrides.putAll(properties);
      return this;
    }

    /** Validates and builds. */
    public ProducerSettings build() {
      return new ProducerSettings(
          bootstrapServers, topic, compression, keyMode, overrides, connectTimeout);
    }
  }
}
