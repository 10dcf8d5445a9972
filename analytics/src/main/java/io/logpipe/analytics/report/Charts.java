package io.logpipe.analytics.report;

import static io.logpipe.analytics.report.Svg.compact;
import static io.logpipe.analytics.report.Svg.esc;
import static io.logpipe.analytics.report.Svg.niceMax;
import static io.logpipe.analytics.report.Svg.num;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the HTML report: no script, no network, readable in any browser and in a
 * mail client. Each method returns one {@code <svg>} element.
 */
final class Charts {

  static final String[] PALETTE = {
    "#2b7bb9", "#e8843c", "#d6453d", "#4aa564", "#8d6cc1", "#999999"
  };

  private static final int W = 900;
  private static final int H = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 70;
  private static final int TOP = 20;
  private static final int BOTTOM = 60;

  private Charts() {}

  /** A named series of values aligned with the chart's labels; {@code null} values are gaps. */
  record Series(String name, List<Double> values) {}

  /**
   * Vertical bars ({@code bars}) on the left axis and a line ({@code line}) on a right axis from 0
   * to its maximum, one slot per label.
   */
  static String barsWithLine(List<String> labels, Series bars, Series line, boolean linePercent) {
    StringBuilder sb = open();
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    double barMax = niceMax(max(bars.values()));
    double lineMax =
        linePercent ? Math.max(0.01, niceMax(max(line.values()))) : niceMax(max(line.values()));
    axes(sb, barMax, false, plotH);
    rightAxis(sb, lineMax, linePercent, plotH);
    double slot = plotW / Math.max(1, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      Double v = bars.values().get(i);
      if (v != null) {
        double h = plotH * v / barMax;
        sb.append("<rect x=\"")
            .append(num(LEFT + i * slot + slot * 0.1))
            .append("\" y=\"")
            .append(num(TOP + plotH - h))
            .append("\" width=\"")
            .append(num(slot * 0.8))
            .append("\" height=\"")
            .append(num(h))
            .append("\" fill=\"")
            .append(PALETTE[0])
            .append("\"><title>")
            .append(esc(labels.get(i)))
            .append(": ")
            .append(compact(v))
            .append(' ')
            .append(esc(bars.name()))
            .append("</title></rect>\n");
      }
    }
    polyline(sb, line.values(), lineMax, slot, plotH, PALETTE[2], line.name(), labels, linePercent);
    xLabels(sb, labels, slot, plotH);
    legend(sb, List.of(bars.name(), line.name()), List.of(PALETTE[0], PALETTE[2]));
    return close(sb);
  }

  /** Several lines on one left axis, one slot per label (e.g. latency percentiles per hour). */
  static String lines(List<String> labels, List<Series> series, String unit) {
    StringBuilder sb = open();
    double plotH = H - TOP - BOTTOM;
    double plotW = W - LEFT - RIGHT;
    double m = 0;
    for (Series s : series) {
      m = Math.max(m, max(s.values()));
    }
    double yMax = niceMax(m);
    axes(sb, yMax, false, plotH);
    sb.append("<text x=\"12\" y=\"")
        .append(num(TOP + plotH / 2))
        .append("\" font-size=\"11\" transform=\"rotate(-90 12 ")
        .append(num(TOP + plotH / 2))
        .append(")\" text-anchor=\"middle\">")
        .append(esc(unit))
        .append("</text>\n");
    double slot = plotW / Math.max(1, labels.size());
    List<String> names = series.stream().map(Series::name).toList();
    for (int i = 0; i < series.size(); i++) {
      polyline(
          sb,
          series.get(i).values(),
          yMax,
          slot,
          plotH,
          PALETTE[i % PALETTE.length],
          series.get(i).name(),
          labels,
          false);
    }
    xLabels(sb, labels, slot, plotH);
    legend(sb, names, List.of(PALETTE).subList(0, series.size()));
    return close(sb);
  }

  /** Horizontal bars, one per label, longest first as given. */
  static String horizontalBars(List<String> labels, List<Double> values, String unit) {
    int rowH = 22;
    int labelW = 320;
    int height = TOP + rowH * Math.max(1, labels.size()) + 10;
    StringBuilder sb =
        new StringBuilder(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
                + W
                + " "
                + height
                + "\" width=\"100%\" font-family=\"sans-serif\" font-size=\"12\">\n");
    double max = niceMax(max(values));
    double plotW = W - labelW - 90;
    for (int i = 0; i < labels.size(); i++) {
      double y = TOP + i * rowH;
      double w = plotW * values.get(i) / max;
      String label =
          labels.get(i).length() > 48 ? labels.get(i).substring(0, 45) + "..." : labels.get(i);
      sb.append("<text x=\"")
          .append(labelW - 6)
          .append("\" y=\"")
          .append(num(y + 15))
          .append("\" text-anchor=\"end\">")
          .append(esc(label))
          .append("</text>\n");
      sb.append("<rect x=\"")
          .append(labelW)
          .append("\" y=\"")
          .append(num(y + 3))
          .append("\" width=\"")
          .append(num(w))
          .append("\" height=\"")
          .append(rowH - 6)
          .append("\" fill=\"")
          .append(PALETTE[0])
          .append("\"><title>")
          .append(esc(labels.get(i)))
          .append(": ")
          .append(compact(values.get(i)))
          .append(' ')
          .append(esc(unit))
          .append("</title></rect>\n");
      sb.append("<text x=\"")
          .append(num(labelW + w + 4))
          .append("\" y=\"")
          .append(num(y + 15))
          .append("\">")
          .append(compact(values.get(i)))
          .append("</text>\n");
    }
    return close(sb);
  }

  /**
   * Horizontal 100% stacked bars: one row per label, one segment per series (share of the row's
   * total).
   */
  static String stackedShares(List<String> labels, List<Series> series) {
    int rowH = 24;
    int labelW = 220;
    int height = TOP + rowH * Math.max(1, labels.size()) + 40;
    StringBuilder sb =
        new StringBuilder(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
                + W
                + " "
                + height
                + "\" width=\"100%\" font-family=\"sans-serif\" font-size=\"12\">\n");
    double plotW = W - labelW - 30;
    for (int i = 0; i < labels.size(); i++) {
      double total = 0;
      for (Series s : series) {
        total += value(s.values().get(i));
      }
      double y = TOP + i * rowH;
      sb.append("<text x=\"")
          .append(labelW - 6)
          .append("\" y=\"")
          .append(num(y + 16))
          .append("\" text-anchor=\"end\">")
          .append(esc(labels.get(i)))
          .append("</text>\n");
      double x = labelW;
      for (int s = 0; s < series.size(); s++) {
        double v = value(series.get(s).values().get(i));
        double w = total == 0 ? 0 : plotW * v / total;
        if (w > 0) {
          sb.append("<rect x=\"")
              .append(num(x))
              .append("\" y=\"")
              .append(num(y + 3))
              .append("\" width=\"")
              .append(num(w))
              .append("\" height=\"")
              .append(rowH - 6)
              .append("\" fill=\"")
              .append(PALETTE[s % PALETTE.length])
              .append("\"><title>")
              .append(esc(labels.get(i)))
              .append(' ')
              .append(esc(series.get(s).name()))
              .append(": ")
              .append(compact(v))
              .append(String.format(Locale.ROOT, " (%.1f%%)", 100 * v / total))
              .append("</title></rect>\n");
        }
        x += w;
      }
    }
    int legendY = TOP + rowH * Math.max(1, labels.size()) + 20;
    int lx = labelW;
    for (int s = 0; s < series.size(); s++) {
      sb.append("<rect x=\"")
          .append(lx)
          .append("\" y=\"")
          .append(legendY - 10)
          .append("\" width=\"12\" height=\"12\" fill=\"")
          .append(PALETTE[s % PALETTE.length])
          .append("\"/>");
      sb.append("<text x=\"")
          .append(lx + 16)
          .append("\" y=\"")
          .append(legendY)
          .append("\">")
          .append(esc(series.get(s).name()))
          .append("</text>\n");
      lx += 90;
    }
    return close(sb);
  }

  private static StringBuilder open() {
    return new StringBuilder(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
            + W
            + " "
            + H
            + "\" width=\"100%\" font-family=\"sans-serif\" font-size=\"11\">\n");
  }

  private static String close(StringBuilder sb) {
    return sb.append("</svg>\n").toString();
  }

  private static void axes(StringBuilder sb, double yMax, boolean percent, double plotH) {
    for (int t = 0; t <= 4; t++) {
      double y = TOP + plotH - plotH * t / 4;
      sb.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(W - RIGHT)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\" stroke=\"#ddd\"/>");
      sb.append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(tick(yMax * t / 4, percent))
          .append("</text>\n");
    }
  }

  private static void rightAxis(StringBuilder sb, double yMax, boolean percent, double plotH) {
    for (int t = 0; t <= 4; t++) {
      double y = TOP + plotH - plotH * t / 4;
      sb.append("<text x=\"")
          .append(W - RIGHT + 6)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" fill=\"")
          .append(PALETTE[2])
          .append("\">")
          .append(tick(yMax * t / 4, percent))
          .append("</text>\n");
    }
  }

  private static String tick(double v, boolean percent) {
    return percent ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : compact(v);
  }

  private static void polyline(
      StringBuilder sb,
      List<Double> values,
      double yMax,
      double slot,
      double plotH,
      String color,
      String name,
      List<String> labels,
      boolean percent) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      Double v = values.get(i);
      if (v == null) {
        flush(sb, points, color);
        continue;
      }
      double x = LEFT + i * slot + slot / 2;
      double y = TOP + plotH - plotH * v / yMax;
      points.append(num(x)).append(',').append(num(y)).append(' ');
      sb.append("<circle cx=\"")
          .append(num(x))
          .append("\" cy=\"")
          .append(num(y))
          .append("\" r=\"2.5\" fill=\"")
          .append(color)
          .append("\"><title>")
          .append(esc(labels.get(i)))
          .append(' ')
          .append(esc(name))
          .append(": ")
          .append(tick(v, percent))
          .append("</title></circle>\n");
    }
    flush(sb, points, color);
  }

  private static void flush(StringBuilder sb, StringBuilder points, String color) {
    if (points.length() > 0) {
      sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(points.toString().trim())
          .append("\"/>\n");
      points.setLength(0);
    }
  }

  private static void xLabels(StringBuilder sb, List<String> labels, double slot, double plotH) {
    int every = Math.max(1, (int) Math.ceil(labels.size() / 24.0));
    for (int i = 0; i < labels.size(); i += every) {
      double x = LEFT + i * slot + slot / 2;
      double y = TOP + plotH + 12;
      sb.append("<text x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(num(y))
          .append("\" text-anchor=\"end\" transform=\"rotate(-40 ")
          .append(num(x))
          .append(' ')
          .append(num(y))
          .append(")\">")
          .append(esc(labels.get(i)))
          .append("</text>\n");
    }
  }

  private static void legend(StringBuilder sb, List<String> names, List<String> colors) {
    int x = LEFT;
    for (int i = 0; i < names.size(); i++) {
      sb.append("<rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(H - 14)
          .append("\" width=\"12\" height=\"12\" fill=\"")
          .append(colors.get(i))
          .append("\"/><text x=\"")
          .append(x + 16)
          .append("\" y=\"")
          .append(H - 4)
          .append("\">")
          .append(esc(names.get(i)))
          .append("</text>\n");
      x += 30 + 7 * names.get(i).length();
    }
  }

  private static double max(List<Double> values) {
    double m = 0;
    for (Double v : values) {
      if (v != null) {
        m = Math.max(m, v);
      }
    }
    return m;
  }

  private static double value(Double v) {
    return v == null ? 0 : v;
  }
}
