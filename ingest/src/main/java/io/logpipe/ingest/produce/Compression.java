package io.logpipe.ingest.produce;

/**
 * Compression codecs a producer can use; lz4 by default (cheap on CPU), zstd for a better ratio.
 */
public enum Compression {
  LZ4,
  ZSTD,
  GZIP,
  SNAPPY,
  NONE;

  /** The value of Kafka's {@code compression.type}. */
  public String kafkaName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
