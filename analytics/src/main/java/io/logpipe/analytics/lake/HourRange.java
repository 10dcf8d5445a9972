package io.logpipe.analytics.lake;

import io.logpipe.lake.HourPartition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inclusive range of event-time hours, as the lake partitions them ({@code
 * dt=YYYY-MM-DD/hour=HH}): local hours of the lake's zone, compared by their names.
 *
 * <p>Bounds are given as a day ({@code 2025-12-24}) or a day and hour ({@code 2025-12-24T17}); a
 * day as lower bound means its hour 00, as upper bound its hour 23.
 */
public record HourRange(LocalDateTime from, LocalDateTime to) {

  /** Lower bound standing for "from the lake's first hour". */
  public static final LocalDateTime OPEN_START = LocalDateTime.of(1970, 1, 1, 0, 0);

  /** Upper bound standing for "up to the lake's last hour". */
  public static final LocalDateTime OPEN_END = LocalDateTime.of(9999, 12, 31, 23, 0);

  private static final Pattern BOUND = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{1,2}))?");
  private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

  public HourRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.getMinute() != 0
        || from.getSecond() != 0
        || from.getNano() != 0
        || to.getMinute() != 0
        || to.getSecond() != 0
        || to.getNano() != 0) {
      throw new IllegalArgumentException("range bounds are whole hours: " + from + " .. " + to);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "range is empty: --from " + LABEL.format(from) + " is after --to " + LABEL.format(to));
    }
  }

  /** Parses a lower bound: a day means its first hour. */
  public static LocalDateTime parseFrom(String text) {
    return parse(text, 0);
  }

  /** Parses an upper bound: a day means its last hour. */
  public static LocalDateTime parseTo(String text) {
    return parse(text, 23);
  }

  private static LocalDateTime parse(String text, int hourOfBareDay) {
    Matcher m = BOUND.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a day (YYYY-MM-DD) or a day and hour (YYYY-MM-DDTHH)");
    }
    LocalDate day;
    try {
      day = LocalDate.parse(m.group(1));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid date", e);
    }
    int hour = m.group(2) == null ? hourOfBareDay : Integer.parseInt(m.group(2));
    if (hour > 23) {
      throw new IllegalArgumentException("'" + text + "': hour must be 00 to 23");
    }
    return day.atTime(hour, 0);
  }

  /** Whether the partition's hour lies in this range. */
  public boolean contains(HourPartition p) {
    LocalDateTime t = p.localStart();
    return !t.isBefore(from) && !t.isAfter(to);
  }

  /** Parses an hour, {@code YYYY-MM-DDTHH} (a bare day is refused: it is not one hour). */
  public static LocalDateTime parseHour(String text) {
    if (!text.trim().contains("T")) {
      throw new IllegalArgumentException("'" + text + "' is not an hour (YYYY-MM-DDTHH)");
    }
    return parse(text, 0);
  }

  /** Whether any hour of the given day lies in this range. */
  public boolean overlapsDay(LocalDate day) {
    return !day.isBefore(from.toLocalDate()) && !day.isAfter(to.toLocalDate());
  }

  /** A stable, path-safe name of the range, e.g. {@code 2025-12-24T00_2025-12-24T23}. */
  public String label() {
    return LABEL.format(from) + "_" + LABEL.format(to);
  }

  /** {@code YYYY-MM-DDTHH} of a bound. */
  public static String format(LocalDateTime bound) {
    return LABEL.format(bound);
  }

  @Override
  public String toString() {
    return (from.equals(OPEN_START) ? "the first hour" : LABEL.format(from))
        + " .. "
        + (to.equals(OPEN_END) ? "the last hour" : LABEL.format(to));
  }
}
