package io.logpipe.ingest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.logpipe.ingest.produce.Compression;
import io.logpipe.ingest.produce.KeyMode;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.schemas.Topics;
import picocli.CommandLine.Option;

/** Options shared by the commands that produce to Kafka. */
public final class KafkaOptions {

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,…]",
      defaultValue = ProducerSettings.DEFAULT_BOOTSTRAP,
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = {"-t", "--topic"}, defaultValue = Topics.RAW,
      description = "Topic to write raw lines to (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--compression", defaultValue = "lz4", paramLabel = "CODEC",
      converter = CompressionConverter.class,
      description = "lz4 (default), zstd, gzip, snappy or none.")
  Compression compression;

  @Option(names = "--key", defaultValue = "none", paramLabel = "none|host", converter = KeyModeConverter.class,
      description = "Record key: none (default, sticky partitioning, fastest) or host (one host's lines in one"
          + " partition, in order).")
  KeyMode keyMode;

  @Option(names = "--producer-config", paramLabel = "FILE",
      description = "Properties file of Kafka producer settings (security, timeouts, batching, …).")
  Path producerConfig;

  @Option(names = {"-X", "--producer-property"}, paramLabel = "NAME=VALUE",
      description = "One Kafka producer setting, repeatable; applied after --producer-config."
          + " enable.idempotence and acks are always true and all.")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  /** The producer settings these options describe. */
  ProducerSettings toSettings() {
    ProducerSettings.Builder b = ProducerSettings.builder()
        .bootstrapServers(bootstrapServers)
        .topic(topic)
        .compression(compression)
        .keyMode(keyMode);
    if (producerConfig != null) {
      if (!Files.isReadable(producerConfig)) {
        throw new IllegalArgumentException("producer config file not found or not readable: " + producerConfig);
      }
      b.propertiesFile(producerConfig);
    }
    b.properties(producerProperties);
    return b.build();
  }

  /** Case-insensitive codec names. */
  static final class CompressionConverter implements picocli.CommandLine.ITypeConverter<Compression> {
    @Override
    public Compression convert(String value) {
      try {
        return Compression.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a codec (lz4, zstd, gzip, snappy, none)");
      }
    }
  }

  /** Case-insensitive key modes. */
  static final class KeyModeConverter implements picocli.CommandLine.ITypeConverter<KeyMode> {
    @Override
    public KeyMode convert(String value) {
      try {
        return KeyMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a key mode (none, host)");
      }
    }
  }
}
