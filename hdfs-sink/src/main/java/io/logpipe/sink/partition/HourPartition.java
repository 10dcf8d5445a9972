package io.logpipe.sink.partition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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

  /** First instant of this local hour (the earlier one if the hour repeats at a fall-back). */
  public Instant start(ZoneId zone) {
    return ZonedDateTime.ofLocal(LocalDateTime.of(date, java.time.LocalTime.of(hour, 0)), zone, null)
        .withEarlierOffsetAtOverlap().toInstant();
  }

  /** First instant after this local hour (after both occurrences if it repeats at a fall-back). */
  public Instant end(ZoneId zone) {
    LocalDateTime next = LocalDateTime.of(date, java.time.LocalTime.of(hour, 0)).plusHours(1);
    // A next hour that falls into a spring-forward gap resolves to the instant right after the gap, which is
    // exactly one real hour after this hour's start. A next hour that repeats (fall-back) starts at its first
    // occurrence: the earlier offset. (The later one ended the hour before a fall-back an hour late.) A repeated
    // hour itself ends at the next hour, which does not repeat, so after both its occurrences.
    return ZonedDateTime.ofLocal(next, zone, null).withEarlierOffsetAtOverlap().toInstant();
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
