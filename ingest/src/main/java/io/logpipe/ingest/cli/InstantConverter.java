package io.logpipe.ingest.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 2026-11-20T00:00:00Z}, an offset date-time, or a plain date (midnight UTC). */
public final class InstantConverter implements ITypeConverter<Instant> {

  @Override
  public Instant convert(String value) {
    String v = value.trim();
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException ignored) {
      // try the other forms
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException ignored) {
      // try a plain date
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a time (examples: 2026-11-20T00:00:00Z, 2026-11-20T01:00:00+01:00, 2026-11-20)");
    }
  }
}
