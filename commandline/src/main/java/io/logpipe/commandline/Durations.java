package io.logpipe.commandline;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every logpipe option and {@code logpipe.*} property: a whole number
 * with a unit ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 6h}, {@code 2d}) or ISO-8601 ({@code
 * PT6H}, any case). A bare number is refused: whether {@code 30} means seconds or milliseconds
 * depends on who wrote it, and a guess turns a typo into a 1000-fold error.
 */
public final class Durations {

  /** The accepted forms, as error messages name them. */
  public static final String ACCEPTED_FORMS = "500ms, 30s, 15m, 6h, 2d or ISO-8601 such as PT6H";

  private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?\\d+");

  private Durations() {}

  /**
   * Parses {@code text}, surrounding blanks ignored.
   *
   * @throws IllegalArgumentException naming {@code text} and the accepted forms when it is none of
   *     them
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String v = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = WITH_UNIT.matcher(v);
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
      }
    }
    if (BARE_NUMBER.matcher(v).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has no unit (a bare number is ambiguous: write "
              + v
              + "ms or "
              + v
              + "s; accepted: "
              + ACCEPTED_FORMS
              + ")");
    }
    try {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (accepted: " + ACCEPTED_FORMS + ")", e);
    }
  }
}
