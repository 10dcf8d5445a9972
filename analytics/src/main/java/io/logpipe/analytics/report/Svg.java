package io.logpipe.analytics.report;

import java.util.Locale;

/** Small helpers for writing SVG and HTML text safely. */
final class Svg {

  private Svg() {}

  /** Escapes text for an HTML/SVG text node or a quoted attribute. */
  static String esc(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A coordinate with one decimal, locale independent. */
  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A "nice" axis maximum at or above {@code max} (1, 2 or 5 times a power of ten). */
  static double niceMax(double max) {
    if (max <= 0) {
      return 1;
    }
    double pow = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * pow >= max) {
        return m * pow;
      }
    }
    return 10 * pow;
  }

  /** Human-readable count: 1234 -> 1.2k. */
  static String compact(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.1fG", v / 1e9);
    } else if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    } else if (a >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    } else if (a == Math.rint(a)) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
