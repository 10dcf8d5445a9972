package io.logpipe.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.kpi.Table;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  private static final StructType KPI =
      new StructType()
          .add("requests", DataTypes.LongType)
          .add("error_rate", DataTypes.DoubleType)
          .add("status_1xx", DataTypes.LongType)
          .add("status_2xx", DataTypes.LongType)
          .add("status_3xx", DataTypes.LongType)
          .add("status_4xx", DataTypes.LongType)
          .add("status_5xx", DataTypes.LongType)
          .add("rt_p50", DataTypes.LongType)
          .add("rt_p95", DataTypes.LongType)
          .add("rt_p99", DataTypes.LongType);

  private static Row row(StructType schema, Object... values) {
    return new GenericRowWithSchema(values, schema);
  }

  @Test
  void selfContainedWithEveryChartAndEscapedText() {
    StructType hour =
        new StructType().add("dt", DataTypes.StringType).add("hour", DataTypes.StringType);
    for (var f : KPI.fields()) {
      hour = hour.add(f);
    }
    StructType host = new StructType().add("host", DataTypes.StringType);
    for (var f : KPI.fields()) {
      host = host.add(f);
    }
    StructType paths =
        new StructType().add("path", DataTypes.StringType).add("requests", DataTypes.LongType);
    Table byHour =
        new Table(
            "kpi_by_hour",
            hour,
            List.of(
                row(hour, "2025-12-24", "10", 100L, 0.25, 0L, 60L, 15L, 20L, 5L, 12L, 80L, 400L),
                row(hour, "2025-12-24", "11", 40L, 0.0, 0L, 40L, 0L, 0L, 0L, null, null, null)));
    Table byHost =
        new Table(
            "kpi_by_host",
            host,
            List.of(row(host, "<evil>&host", 140L, 0.18, 0L, 100L, 15L, 20L, 5L, 12L, 80L, 400L)));
    Table top =
        new Table("top_paths", paths, List.of(row(paths, "/a&b<c>\"", 90L), row(paths, "/", 50L)));
    RunSummary summary =
        new RunSummary(
            "/lake",
            "/lake/analytics",
            "2025-12-24T10_2025-12-24T11",
            null,
            null,
            "2025-12-24T10",
            "2025-12-24T11",
            false,
            140,
            100,
            List.of(
                new RunSummary.HourCount("2025-12-24", "10", 100),
                new RunSummary.HourCount("2025-12-24", "11", 40)),
            0,
            List.of(),
            Map.of());

    String html = HtmlReport.render(summary, byHour, byHost, top);

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains(
            "Requests and error rate per hour",
            "Response time percentiles per hour",
            "Top paths",
            "Status mix per host",
            "<polyline",
            "<rect",
            "/a&amp;b&lt;c&gt;&quot;",
            "&lt;evil&gt;&amp;host",
            "140</b> requests");
    assertThat(html).doesNotContain("<script", "src=", "href=", "/a&b<c>", "<evil>");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http://", "https://");
    // An hour without response times is a gap in the latency lines, not a zero.
    assertThat(html).doesNotContain("rt_p50: 0");
  }

  @Test
  void summaryJsonHasSnakeCaseKeysAndNulls() {
    RunSummary summary =
        new RunSummary(
            "/lake",
            "/out",
            "p",
            null,
            "2025-12-24T23",
            "2025-12-24T10",
            "2025-12-24T11",
            true,
            3,
            1,
            List.of(new RunSummary.HourCount("2025-12-24", "10", 3)),
            2,
            List.of(),
            Map.of("top_paths", "/out/top_paths"));
    String json = SummaryJson.toJson(summary);
    assertThat(json)
        .contains(
            "\"total_requests\" : 3",
            "\"requested_from\" : null",
            "\"skipped_incomplete_hours\" : 2",
            "\"partitions\" : [",
            "\"hour\" : \"10\"",
            "\"top_paths\" : \"/out/top_paths\"");
  }
}
