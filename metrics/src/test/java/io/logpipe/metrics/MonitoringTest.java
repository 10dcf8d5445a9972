package io.logpipe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MonitoringTest {

  @Test
  void servesTheJvmMetersAndTheStagesOnOneEndpoint() throws Exception {
    try (Monitoring monitoring = Monitoring.create().serve("127.0.0.1", 0)) {
      monitoring.registry().counter("logpipe.test.runs").increment();
      monitoring.health().register("test", () -> StageStatus.ready("fine"));
      int port = monitoring.endpoint().orElseThrow().port();
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains(
              "logpipe_test_runs_total 1.0",
              "jvm_memory_used_bytes{area=\"heap\"",
              "jvm_memory_max_bytes",
              "jvm_gc_",
              "jvm_threads_live_threads",
              "process_cpu_usage",
              "process_uptime_seconds",
              "process_start_time_seconds",
              "logpipe_stage_ready{stage=\"test\"} 1.0");
      assertThatThrownBy(() -> monitoring.serve("127.0.0.1", 0))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aPortThatCannotBeBoundFailsAndClosesIt() throws Exception {
    try (Monitoring first = Monitoring.create().serve("127.0.0.1", 0)) {
      int taken = first.endpoint().orElseThrow().port();
      Monitoring second = Monitoring.create();
      assertThatThrownBy(() -> second.serve("127.0.0.1", taken))
          .isInstanceOf(java.io.IOException.class);
      assertThat(second.endpoint()).isEmpty();
    }
  }
}
