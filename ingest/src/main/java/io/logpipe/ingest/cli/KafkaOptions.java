package io.logpipe.ingest.cli;

import io.logpipe.commandline.KafkaConnection;
import io.logpipe.commandline.ProducerProperties;
import io.logpipe.commandline.TopicOption;
import io.logpipe.ingest.produce.Compression;
import io.logpipe.ingest.produce.KeyMode;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.schemas.Topics;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that produce to Kafka: the common Kafka conventions plus ingest's
 * own.
 */
public final class KafkaOptions {

  @Mixin KafkaConnection connection;

  @Mixin TopicOption topic = new TopicOption(Topics.RAW);

  @Option(
      names = "--compression",
      defaultValue = "lz4",
      paramLabel = "CODEC",
      converter = CompressionConverter.class,
      description = "lz4 (default), zstd, gzip, snappy or none.")
  Compression compression;

  @Option(
      names = "--key",
      defaultValue = "none",
      paramLabel = "none|host",
      converter = KeyModeConverter.class,
      description =
          "Record key: none (default, sticky partitioning, fastest) or host (one host's lines in one"
              + " partition, in order).")
  KeyMode keyMode;

  /** enable.idempotence and acks are always true and all, whatever these say. */
  @Mixin ProducerProperties producer;

  /** The producer settings these options describe. */
  ProducerSettings toSettings() {
    ProducerSettings.Builder b =
        ProducerSettings.builder()
            .bootstrapServers(connection.bootstrapServers())
            .topic(topic.topic())
            .compression(compression)
            .keyMode(keyMode)
            .connectTimeout(connection.connectTimeout());
    try {
      b.properties(producer.load());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return b.build();
  }

  /** Case-insensitive codec names. */
  static final class CompressionConverter
      implements picocli.CommandLine.ITypeConverter<Compression> {
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
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a key mode (none, host)");
      }
    }
  }
}
