package io.logpipe.cli.local;

import java.util.Locale;

/** How a local run's sink stores curated events ({@code --table-format}). */
public enum LakeFormat {
  /** Hourly Parquet files with {@code _SUCCESS} markers (the sink's default). */
  FILE,
  /** The sink's Apache Iceberg table {@code <lake>/curated} (Hadoop catalog on the lake). */
  ICEBERG;

  /** The option's spelling. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code --table-format}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  static LakeFormat parse(String text) {
    for (LakeFormat f : values()) {
      if (f.label().equalsIgnoreCase(text.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "--table-format must be file or iceberg, got '" + text + "'");
  }
}
