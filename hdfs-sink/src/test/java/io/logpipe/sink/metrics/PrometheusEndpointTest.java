package io.logpipe.sink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.metrics.PrometheusEndpoint;
import io.logpipe.sink.support.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

  @Test
  void servesTheSinkMetersAsPrometheusText() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SinkMetrics metrics = new SinkMetrics(registry);
    metrics.rowsWritten(5);
    metrics.assignedPartitions(2);
    metrics.committed(42, 3, Duration.ofMillis(12), -1);
    metrics.freshness().watermark(java.time.Instant.ofEpochSecond(1_800_000_000));
    metrics.openWriters(7);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, 0)) {
      HttpResponse<String> resp =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.body())
          .contains(
              "logpipe_sink_rows_written_total 5.0",
              "logpipe_sink_assigned_partitions 2.0",
              "logpipe_sink_rows_committed_total 42.0",
              "logpipe_sink_files_committed_total 3.0",
              "logpipe_sink_open_writers 7.0",
              "logpipe_sink_commit_latency_seconds_count 1",
              "logpipe_sink_lag",
              "logpipe_sink_commit_latency_seconds_bucket{le=\"0.01\"} 0",
              "logpipe_sink_commit_latency_seconds_bucket{le=\"0.05\"} 1",
              "logpipe_sink_watermark_timestamp_seconds 1.8E9",
              "logpipe_sink_freshness_seconds NaN",
              "logpipe_sink_allowed_lateness_seconds 900.0",
              "logpipe_sink_last_success_age_seconds");
    }
    // A sink started again on the registry (logpipe local) shows its own counts, not the first's.
    SinkMetrics again = new SinkMetrics(registry);
    again.rowsWritten(1);
    assertThat(registry.scrape())
        .contains("logpipe_sink_rows_written_total 1.0", "logpipe_sink_rows_committed_total 0.0");
    assertThat(metrics.rowsCommitted()).as("the first still answers its own").isEqualTo(42);
  }

  @Test
  void freshnessAndTheLastSuccessAgeFollowTheClock() {
    ManualClock clock = new ManualClock(java.time.Instant.parse("2026-11-24T12:00:00Z"));
    SinkMetrics metrics =
        new SinkMetrics(
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            clock,
            Duration.ofMinutes(15));
    LakeFreshness freshness = metrics.freshness();
    assertThat(freshness.freshnessSeconds()).isNaN();
    clock.advance(Duration.ofMinutes(10));
    assertThat(freshness.lastSuccessAgeSeconds()).as("since the start").isEqualTo(600.0);
    long eventMicros = java.time.Instant.parse("2026-11-24T12:05:00Z").toEpochMilli() * 1_000;
    metrics.committed(10, 1, Duration.ofMillis(5), eventMicros);
    metrics.committed(10, 1, Duration.ofMillis(5), eventMicros - 60_000_000); // older: no change
    assertThat(freshness.freshnessSeconds()).isEqualTo(300.0);
    metrics.hourCompleted();
    clock.advance(Duration.ofSeconds(30));
    assertThat(freshness.lastSuccessAgeSeconds()).isEqualTo(30.0);
    assertThat(freshness.freshnessSeconds()).isEqualTo(330.0);
  }
}
