package io.logpipe.sink.partition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hour directory of the lake: {@code dt=YYYY-MM-DD/hour=HH}, in local time of the partitioner's zone.
 * Around a DST fall-back the repeated local hour maps to one directory that spans two real hours.
 */
public record HourPartition(LocalDate date, int hour) implements Comparable<HourPartition> {

  private static final Pattern DIR = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})");

  public HourPartition {
    if (hour < 0 || hour > 23) {
      throw new IllegalArgumentException("hour must be 0..23, got " + hour);
    }
  }

  /** The relative directory, {@code dt=2025-12-24/hour=07}. */
  public String relativeDir() {
    return "dt=" + date + "/hour=" + (hour < 10 ? "0" : "") + hour;
  }

  /** Parses {@link #relativeDir()}; the string may have a prefix (a lake path). */
  public static HourPartition parseDir(String path) {
    Matcher m = DIR.matcher(path);
    if (!m.find()) {
      throw new IllegalArgumentException("Not an hour directory: " + path);
    }
    return new HourPartition(LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /**
   * First instant of this local hour: its first occurrence if it repeats at a fall-back, the end of the gap if a
   * spring-forward skipped its beginning.
   */
  public Instant start(ZoneId zone) {
    LocalDateTime first = LocalDateTime.of(date, java.time.LocalTime.of(hour, 0));
    ZoneOffsetTransition t = zone.getRules().getTransition(first);
    if (t != null && t.isGap()) {
      return t.getInstant();
    }
    return ZonedDateTime.ofLocal(first, zone, null).withEarlierOffsetAtOverlap().toInstant();
  }

  /**
   * First instant after this local hour: after the last occurrence of its last nanosecond (so after both
   * occurrences of a repeated stretch, however long and wherever it starts), or the start of the gap when a
   * spring-forward skips its end. Computing it from the next hour's start instead gets it wrong for fall-backs
   * longer than an hour or off the hour (Antarctica/Troll, Pacific/Chatham).
   */
  public Instant end(ZoneId zone) {
    LocalDateTime last = LocalDateTime.of(date, java.time.LocalTime.of(hour, 0)).plusHours(1).minusNanos(1);
    ZoneOffsetTransition t = zone.getRules().getTransition(last);
    if (t != null && t.isGap()) {
      return t.getInstant();
    }
    return ZonedDateTime.ofLocal(last, zone, null).withLaterOffsetAtOverlap().toInstant().plusNanos(1);
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
