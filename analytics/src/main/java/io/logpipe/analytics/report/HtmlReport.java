package io.logpipe.analytics.report;

import static io.logpipe.analytics.report.Svg.esc;

import io.logpipe.analytics.kpi.KpiColumns;
import io.logpipe.analytics.kpi.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * The run's self-contained HTML report: inline CSS and inline SVG only (no script, no external
 * resource), so it opens anywhere without network. Charts: requests and error rate per hour,
 * latency percentiles per hour, top paths, status mix per host; followed by the tables themselves.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /** Renders the report of one run. */
  public static String render(RunSummary summary, Table byHour, Table byHost, Table topPaths) {
    List<String> hours = new ArrayList<>();
    List<Double> requests = new ArrayList<>();
    List<Double> errorRate = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p95 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (Row r : byHour.rows()) {
      hours.add(r.getAs("dt") + " " + r.getAs("hour") + "h");
      requests.add(number(r, KpiColumns.REQUESTS));
      errorRate.add(number(r, KpiColumns.ERROR_RATE));
      p50.add(number(r, KpiColumns.RT_P50));
      p95.add(number(r, KpiColumns.RT_P95));
      p99.add(number(r, KpiColumns.RT_P99));
    }
    List<String> paths = new ArrayList<>();
    List<Double> pathRequests = new ArrayList<>();
    for (Row r : topPaths.rows()) {
      paths.add(r.getAs("path"));
      pathRequests.add(number(r, KpiColumns.REQUESTS));
    }
    List<String> hosts = new ArrayList<>();
    List<Charts.Series> mix = new ArrayList<>();
    String[] classes = {
      KpiColumns.STATUS_2XX,
      KpiColumns.STATUS_3XX,
      KpiColumns.STATUS_4XX,
      KpiColumns.STATUS_5XX,
      KpiColumns.STATUS_1XX
    };
    List<List<Double>> perClass = new ArrayList<>();
    for (int c = 0; c < classes.length; c++) {
      perClass.add(new ArrayList<>());
    }
    for (Row r : byHost.rows()) {
      hosts.add(r.getAs("host"));
      for (int c = 0; c < classes.length; c++) {
        perClass.get(c).add(number(r, classes[c]));
      }
    }
    for (int c = 0; c < classes.length; c++) {
      mix.add(new Charts.Series(classes[c].substring("status_".length()), perClass.get(c)));
    }

    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>logpipe analytics ")
        .append(esc(summary.period()))
        .append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:1000px;color:#222}")
        .append("table{border-collapse:collapse;font-size:12px;margin-bottom:2em}")
        .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}")
        .append("th{background:#f2f2f2}td:first-child{text-align:left}h2{margin-top:1.6em}")
        .append(".meta{color:#555}</style>\n</head><body>\n")
        .append("<h1>logpipe analytics</h1>\n<p class=\"meta\">Lake <code>")
        .append(esc(summary.lake()))
        .append("</code>, hours ")
        .append(esc(summary.readFrom()))
        .append(" .. ")
        .append(esc(summary.readTo()))
        .append(summary.completeOnly() ? " (complete hours only)" : "")
        .append(": <b>")
        .append(String.format(Locale.ROOT, "%,d", summary.totalRequests()))
        .append("</b> requests in ")
        .append(summary.partitions().size())
        .append(" hour partition(s), ")
        .append(String.format(Locale.ROOT, "%,d", summary.requestsWithResponseTime()))
        .append(" with a response time.</p>\n");
    html.append("<h2>Requests and error rate per hour</h2>\n")
        .append(
            Charts.barsWithLine(
                hours,
                new Charts.Series("requests", requests),
                new Charts.Series("error rate (4xx+5xx)", errorRate),
                true));
    html.append("<h2>Response time percentiles per hour (ms)</h2>\n");
    if (summary.requestsWithResponseTime() == 0) {
      html.append(
          "<p>No request in this range carried a response time (combined-format logs do not log it).</p>\n");
    } else {
      html.append(
          Charts.lines(
              hours,
              List.of(
                  new Charts.Series("p50", p50),
                  new Charts.Series("p95", p95),
                  new Charts.Series("p99", p99)),
              "ms"));
    }
    html.append("<h2>Top paths</h2>\n")
        .append(Charts.horizontalBars(paths, pathRequests, "requests"));
    html.append("<h2>Status mix per host</h2>\n").append(Charts.stackedShares(hosts, mix));
    for (Table t : List.of(topPaths, byHour, byHost)) {
      html.append("<h2>").append(esc(t.name())).append("</h2>\n").append(table(t));
    }
    html.append("</body></html>\n");
    return html.toString();
  }

  private static String table(Table t) {
    StringBuilder sb = new StringBuilder("<table><tr>");
    for (StructField f : t.schema().fields()) {
      sb.append("<th>").append(esc(f.name())).append("</th>");
    }
    sb.append("</tr>\n");
    for (Row r : t.rows()) {
      sb.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        sb.append("<td>").append(esc(ConsoleTables.cell(r.get(i)))).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  private static Double number(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    return v == null ? null : ((Number) v).doubleValue();
  }
}
