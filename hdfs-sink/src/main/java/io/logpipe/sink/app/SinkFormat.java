package io.logpipe.sink.app;

import java.util.Locale;
import picocli.CommandLine;

/** What the sink writes: hourly Parquet files (the file mode) or an Iceberg table. */
public enum SinkFormat {
  FILE,
  ICEBERG;

  /** Reads {@code file} / {@code iceberg}, in any case. */
  public static final class Converter implements CommandLine.ITypeConverter<SinkFormat> {
    @Override
    public SinkFormat convert(String value) {
      try {
        return SinkFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a format: file or iceberg");
      }
    }
  }
}
