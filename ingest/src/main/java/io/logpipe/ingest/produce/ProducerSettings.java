package io.logpipe.ingest.produce;

import io.logpipe.schemas.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How ingest talks to Kafka: where, which topic, compression, keying, and any producer property the
 * user passes through. The producer is always idempotent with {@code acks=all}; those two cannot be
 * overridden, because the no-duplicate, no-loss guarantee depends on them.
 */
public final class ProducerSettings {

  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

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

  private final String bootstrapServers;
  private final String topic;
  private final Compression compression;
  private final KeyMode keyMode;
  private final Map<String, String> overrides;
  private final Duration connectTimeout;

  private ProducerSettings(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.bootstrapServers = b.bootstrapServers;
    this.topic = b.topic;
    this.compression = b.compression;
    this.keyMode = b.keyMode;
    this.overrides = Map.copyOf(b.overrides);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String topic() {
    return topic;
  }

  public Compression compression() {
    return compression;
  }

  public KeyMode keyMode() {
    return keyMode;
  }

  /**
   * User-supplied producer properties (file first, then individual ones), applied over the
   * defaults.
   */
  public Map<String, String> overrides() {
    return overrides;
  }

  /**
   * How long the broker has to answer before a run sends anything; null: no such check (the
   * clients' timeouts).
   */
  public Duration connectTimeout() {
    return connectTimeout;
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

  /** Mutable builder; every setter returns {@code this}. */
  public static final class Builder {
    private String bootstrapServers = DEFAULT_BOOTSTRAP;
    private String topic = Topics.RAW;
    private Compression compression = Compression.LZ4;
    private KeyMode keyMode = KeyMode.NONE;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration connectTimeout;

    private Builder() {}

    /**
     * Check that the broker answers within {@code timeout} before sending; null or zero: no check.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout =
          timeout == null || timeout.isZero() || timeout.isNegative() ? null : timeout;
      return this;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
      return this;
    }

    public Builder topic(String topic) {
      this.topic = Objects.requireNonNull(topic);
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression);
      return this;
    }

    public Builder keyMode(KeyMode keyMode) {
      this.keyMode = Objects.requireNonNull(keyMode);
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

    /** Adds every property of a Java properties file (the {@code --producer-config} file). */
    public Builder propertiesFile(Path file) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read producer config " + file + ": " + e.getMessage(), e);
      }
      for (String name : p.stringPropertyNames()) {
        overrides.put(name, p.getProperty(name));
      }
      return this;
    }

    public ProducerSettings build() {
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
      return new ProducerSettings(this);
    }
  }
}
