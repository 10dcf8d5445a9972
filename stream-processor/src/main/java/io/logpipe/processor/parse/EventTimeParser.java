package io.logpipe.processor.parse;

import io.logpipe.schemas.RejectReason;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Parses the two timestamp notations of access logs without {@code DateTimeFormatter} (which costs
 * about a microsecond per call on the hot path):
 *
 * <ul>
 *   <li>ISO-8601 as JSON producers write it: {@code 2025-12-24T17:36:03.210929Z}, with or without a
 *       fraction (up to nanoseconds), with {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or no zone at
 *       all (then the configured zone applies); a space may replace the {@code T}.
 *   <li>Apache's {@code %t} body: {@code 17/May/2015:10:05:03 +0000}.
 * </ul>
 *
 * Calendar validity (31 April, 29 February in non-leap years) is checked by {@code java.time}.
 */
final class EventTimeParser {

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final ZoneId zone;
  private final ZoneOffset fixedOffset;

  EventTimeParser(ZoneId zone) {
    this.zone = zone;
    this.fixedOffset =
        zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
  }

  /** Parses an ISO-8601 date-time; the result keeps nanoseconds as given. */
  Instant iso(String s) throws LineRejectedException {
    int n = s.length();
    if (n < 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (s.charAt(10) != 'T' && s.charAt(10) != 't' && s.charAt(10) != ' ')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      throw bad(s);
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int i = 19;
    int nanos = 0;
    if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      i++;
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        if (i - start < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int len = i - start;
      if (len == 0) {
        throw bad(s);
      }
      for (int k = Math.min(len, 9); k < 9; k++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset;
    if (i == n) {
      offset = null;
    } else {
      char c = s.charAt(i);
      if ((c == 'Z' || c == 'z') && i + 1 == n) {
        offset = ZoneOffset.UTC;
      } else if (c == '+' || c == '-') {
        offset = offset(s, i + 1, c == '-');
      } else {
        throw bad(s);
      }
    }
    return toInstant(s, year, month, day, hour, minute, second, nanos, offset);
  }

  /** Parses Apache's {@code dd/MMM/yyyy:HH:mm:ss ±hhmm}. */
  Instant apache(String s) throws LineRejectedException {
    if (s.length() != 26
        || s.charAt(2) != '/'
        || s.charAt(6) != '/'
        || s.charAt(11) != ':'
        || s.charAt(14) != ':'
        || s.charAt(17) != ':'
        || s.charAt(20) != ' ') {
      throw bad(s);
    }
    int day = digits(s, 0, 2);
    int month = month(s, 3);
    int year = digits(s, 7, 4);
    int hour = digits(s, 12, 2);
    int minute = digits(s, 15, 2);
    int second = digits(s, 18, 2);
    char sign = s.charAt(21);
    if (sign != '+' && sign != '-') {
      throw bad(s);
    }
    ZoneOffset offset = offset(s, 22, sign == '-');
    return toInstant(s, year, month, day, hour, minute, second, 0, offset);
  }

  private Instant toInstant(
      String s,
      int year,
      int month,
      int day,
      int hour,
      int minute,
      int second,
      int nanos,
      ZoneOffset offset)
      throws LineRejectedException {
    try {
      if (offset == null && fixedOffset != null) {
        offset = fixedOffset;
      }
      if (offset != null) {
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        if (hour > 23 || minute > 59 || second > 59) {
          throw bad(s);
        }
        long secs =
            epochDay * 86_400L + hour * 3600L + minute * 60L + second - offset.getTotalSeconds();
        return Instant.ofEpochSecond(secs, nanos);
      }
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .atZone(zone)
          .toInstant();
    } catch (DateTimeException e) {
      throw new LineRejectedException(
          RejectReason.BAD_TIMESTAMP, "invalid date-time '" + s + "': " + e.getMessage());
    }
  }

  private static ZoneOffset offset(String s, int i, boolean negative) throws LineRejectedException {
    int n = s.length();
    int hours;
    int minutes;
    if (n - i == 5 && s.charAt(i + 2) == ':') {
      hours = digits(s, i, 2);
      minutes = digits(s, i + 3, 2);
    } else if (n - i == 4) {
      hours = digits(s, i, 2);
      minutes = digits(s, i + 2, 2);
    } else if (n - i == 2) {
      hours = digits(s, i, 2);
      minutes = 0;
    } else {
      throw bad(s);
    }
    if (hours > 18 || minutes > 59) {
      throw bad(s);
    }
    int total = hours * 3600 + minutes * 60;
    return ZoneOffset.ofTotalSeconds(negative ? -total : total);
  }

  private static int month(String s, int at) throws LineRejectedException {
    for (int m = 0; m < 12; m++) {
      if (s.regionMatches(true, at, MONTHS[m], 0, 3)) {
        return m + 1;
      }
    }
    throw bad(s);
  }

  private static int digits(String s, int at, int count) throws LineRejectedException {
    int v = 0;
    for (int k = at; k < at + count; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        throw bad(s);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static LineRejectedException bad(String s) {
    return new LineRejectedException(
        RejectReason.BAD_TIMESTAMP, "unparseable timestamp '" + abbreviate(s) + "'");
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
