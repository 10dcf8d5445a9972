package io.logpipe.sink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.metrics.PrometheusEndpoint;
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
    metrics.committed(42, 3, Duration.ofMillis(12));
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
              "logpipe_sink_lag");
    }
  }
}
