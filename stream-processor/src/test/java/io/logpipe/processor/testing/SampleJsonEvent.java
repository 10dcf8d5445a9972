package io.logpipe.processor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import java.time.Instant;

/**
 * The event that the tests' sample JSON line (an `api.myapp.com` GET of `/api/v1/login` answered
 * 503) must become, read from `logs_raw`. Query string and raw coordinates differ per test and are
 * checked there.
 */
public final class SampleJsonEvent {

  private SampleJsonEvent() {}

  public static void assertFields(LogEvent e) {
    assertThat(e.getTs()).isEqualTo(Instant.parse("2025-12-24T17:36:03.210929Z"));
    assertThat(e.getHost()).isEqualTo("api.myapp.com");
    assertThat(e.getMethod()).isEqualTo("GET");
    assertThat(e.getPath()).isEqualTo("/api/v1/login");
    assertThat(e.getStatus()).isEqualTo(503);
    assertThat(e.getBytes()).isEqualTo(37992L);
    assertThat(e.getIp()).isEqualTo("41.251.52.13");
    assertThat(e.getUa()).isEqualTo("curl/8.0");
    assertThat(e.getReferrer()).isNull();
    assertThat(e.getRtMs()).isEqualTo(1556L);
    assertThat(e.getFormat()).isEqualTo(LogFormat.JSON);
    assertThat(e.getRawTopic()).isEqualTo("logs_raw");
  }
}
