package io.logpipe.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hour partition of a lake table: the directory {@code dt=YYYY-MM-DD/hour=HH}, in local time of
 * the lake's zone (UTC by default). Around a DST fall-back the repeated local hour maps to one
 * directory that spans two real hours; a spring-forward leaves the skipped hour without a
 * directory.
 */
public record HourPartition(LocalDate date, int hour) implements Comparable<HourPartition> {

  private static final Pattern DIR =
      Pattern.compile(LakeNames.DT + "=(\\d{4}-\\d{2}-\\d{2})/" + LakeNames.HOUR + "=(\\d{2})");
  private static final Pattern HOUR_VALUE = Pattern.compile("\\d{2}");

  public HourPartition {
    if (date == null) {
      throw new IllegalArgumentException("date must not be null");
    }
    if (hour < 0 || hour > 23) {
      throw new IllegalArgumentException("hour must be 0..23, got " + hour);
    }
  }

  /** The partition holding {@code instant} in {@code zone}. */
  public static HourPartition of(Instant instant, ZoneId zone) {
    ZonedDateTime local = instant.atZone(zone);
    return new HourPartition(local.toLocalDate(), local.getHour());
  }

  /** The {@code dt} value as written in the directory name: {@code 2025-12-24}. */
  public String dtValue() {
    return date.toString();
  }

  /** The {@code hour} value as written in the directory name, two digits: {@code 07}. */
  public String hourValue() {
    return (hour < 10 ? "0" : "") + hour;
  }

  /** The day directory's name, {@code dt=2025-12-24}. */
  public String dayDirName() {
    return LakeNames.DT + "=" + dtValue();
  }

  /** The hour directory's name, {@code hour=07}. */
  public String hourDirName() {
    return LakeNames.HOUR + "=" + hourValue();
  }

  /** The directory relative to its table, {@code dt=2025-12-24/hour=07}. */
  public String relativeDir() {
    return dayDirName() + "/" + hourDirName();
  }

  /**
   * The hour as people and tables name it, {@code 2025-12-24T07} (the analytics and dashboard
   * label).
   */
  public String label() {
    return dtValue() + "T" + hourValue();
  }

  /** The local date-time the hour starts at, as the directory names it (no zone applied). */
  public LocalDateTime localStart() {
    return date.atTime(hour, 0);
  }

  /**
   * Parses {@link #relativeDir()} found anywhere in {@code path} (a lake path or URI may precede
   * it).
   *
   * @throws IllegalArgumentException when the path holds no hour directory
   */
  public static HourPartition parseDir(String path) {
    Matcher m = DIR.matcher(path);
    if (!m.find()) {
      throw new IllegalArgumentException("Not an hour directory: " + path);
    }
    return new HourPartition(LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The day of a {@code dt=YYYY-MM-DD} directory name; empty for any other name. */
  public static Optional<LocalDate> parseDayDirName(String name) {
    String prefix = LakeNames.DT + "=";
    if (!name.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(prefix.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The hour of an {@code hour=HH} directory name (two digits, 00 to 23); empty for any other name.
   */
  public static Optional<Integer> parseHourDirName(String name) {
    String prefix = LakeNames.HOUR + "=";
    if (!name.startsWith(prefix)
        || !HOUR_VALUE.matcher(name.substring(prefix.length())).matches()) {
      return Optional.empty();
    }
    int h = Integer.parseInt(name.substring(prefix.length()));
    return h <= 23 ? Optional.of(h) : Optional.empty();
  }

  /**
   * First instant of this local hour in {@code zone}: its first occurrence if it repeats at a
   * fall-back, the end of the gap if a spring-forward skipped its beginning.
   */
  public Instant start(ZoneId zone) {
    LocalDateTime first = LocalDateTime.of(date, LocalTime.of(hour, 0));
    ZoneOffsetTransition t = zone.getRules().getTransition(first);
    if (t != null && t.isGap()) {
      return t.getInstant();
    }
    return ZonedDateTime.ofLocal(first, zone, null).withEarlierOffsetAtOverlap().toInstant();
  }

  /**
   * First instant after this local hour in {@code zone}: after the last occurrence of its last
   * nanosecond (so after both occurrences of a repeated stretch, however long and wherever it
   * starts), or the start of the gap when a spring-forward skips its end. Computing it from the
   * next hour's start instead gets it wrong for fall-backs longer than an hour or off the hour
   * (Antarctica/Troll, Pacific/Chatham).
   */
  public Instant end(ZoneId zone) {
    LocalDateTime last = LocalDateTime.of(date, LocalTime.of(hour, 0)).plusHours(1).minusNanos(1);
    ZoneOffsetTransition t = zone.getRules().getTransition(last);
    if (t != null && t.isGap()) {
      return t.getInstant();
    }
    return ZonedDateTime.ofLocal(last, zone, null)
        .withLaterOffsetAtOverlap()
        .toInstant()
        .plusNanos(1);
  }

  @Override
  public int compareTo(HourPartition o) {
    int c = date.compareTo(o.date);
    return c != 0 ? c : Integer.compare(hour, o.hour);
  }

  @Override
  public String toString() {
    return relativeDir();
  }
}
