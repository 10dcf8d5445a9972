package io.logpipe.analytics.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as every logpipe command writes them ({@code 500ms}, {@code 30s}, {@code 15m}, {@code
 * 6h}, {@code 2d} or ISO-8601 {@code PT6H}): the rule of {@code commandline}'s {@code
 * DurationConverter}, which this module cannot depend on.
 */
final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming {@code option} and the accepted forms
   */
  static Duration parse(String option, String value) {
    Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " '" + value + "' is not a duration (examples: 500ms, 30s, 15m, 6h, 2d, PT6H)");
    }
  }
}
