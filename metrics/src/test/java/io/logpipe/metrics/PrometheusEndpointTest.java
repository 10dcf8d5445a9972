package io.logpipe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

  @Test
  void servesTheRegistryAsPrometheusTextAndStopsOnClose() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("logpipe.test.lines", "reason", "BAD_STATUS").increment(3);
    URI uri;
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, 0)) {
      assertThat(endpoint.port()).isPositive();
      assertThat(endpoint.address().getAddress().isLoopbackAddress())
          .as("loopback by default")
          .isTrue();
      uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
      HttpResponse<String> resp =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(resp.body()).contains("logpipe_test_lines_total{reason=\"BAD_STATUS\"} 3.0");
    }
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void answersLivenessAndReadinessFromTheStages() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StageHealth health = new StageHealth();
    health.bindTo(registry);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, health, "127.0.0.1", 0)) {
      String base = "http://127.0.0.1:" + endpoint.port();
      assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(base + "/readyz");
      assertThat(notReady.statusCode()).as("no stage yet").isEqualTo(503);
      assertThat(notReady.body()).startsWith("failing");

      StageHealth.Registration stage =
          health.register("processor", () -> StageStatus.notReady("REBALANCING"));
      assertThat(get(base + "/readyz").statusCode()).isEqualTo(503);
      assertThat(get(base + "/readyz").body()).contains("processor: not ready (REBALANCING)");
      stage.close();

      health.register("processor", () -> StageStatus.ready("RUNNING"));
      HttpResponse<String> ready = get(base + "/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(ready.body()).isEqualTo("ok\nprocessor: ready (RUNNING)\n");
      assertThat(registry.scrape()).contains("logpipe_stage_ready{stage=\"processor\"} 1.0");

      HttpResponse<String> post =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics"))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).as("read only").isEqualTo(405);
    }
  }

  private static HttpResponse<String> get(String uri) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bindsTheAddressItIsGiven() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Another loopback address (Linux routes all of 127/8 to lo): tests never listen beyond
    // loopback.
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, "127.0.0.2", 0)) {
      assertThat(endpoint.address().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
      assertThat(endpoint.url()).isEqualTo("http://127.0.0.2:" + endpoint.port() + "/metrics");
    }
    assertThatThrownBy(() -> PrometheusEndpoint.start(registry, "no-such-host.invalid", 0))
        .isInstanceOf(java.net.UnknownHostException.class);
  }
}
