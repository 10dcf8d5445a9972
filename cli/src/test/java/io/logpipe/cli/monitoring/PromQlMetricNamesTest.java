package io.logpipe.cli.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @Test
  void namesTheSelectedMetricsOnly() {
    assertThat(
            PromQlMetricNames.of(
                "sum by (job, topic) (kafka_consumer_fetch_manager_records_lag"
                    + "{client_id!~\".*restore-consumer\"}) > 1000 and deriv(sum by (job, topic)"
                    + " (kafka_consumer_fetch_manager_records_lag)[5m:30s]) > 0"))
        .containsExactly("kafka_consumer_fetch_manager_records_lag");
    assertThat(
            PromQlMetricNames.of(
                "histogram_quantile(0.99, sum by (le) (rate(logpipe_sink_commit_latency_seconds_bucket"
                    + "[$__rate_interval])))"))
        .containsExactly("logpipe_sink_commit_latency_seconds_bucket");
    assertThat(
            PromQlMetricNames.of(
                "(logpipe_sink_last_success_age_seconds - logpipe_sink_allowed_lateness_seconds)"
                    + " > 3600 and on (job, instance) rate(logpipe_sink_rows_written_total[1h]) > 1e3"))
        .containsExactly(
            "logpipe_sink_allowed_lateness_seconds",
            "logpipe_sink_last_success_age_seconds",
            "logpipe_sink_rows_written_total");
    assertThat(PromQlMetricNames.of("time() - min(logpipe_sink_watermark_timestamp_seconds)"))
        .containsExactly("logpipe_sink_watermark_timestamp_seconds");
    assertThat(
            PromQlMetricNames.of(
                "up{job=~\"processor|sink\"} == 0 or logpipe_stage_live == 0 unless"
                    + " sum without (instance) (jvm_gc_pause_seconds_count offset 5m)"))
        .containsExactly("jvm_gc_pause_seconds_count", "logpipe_stage_live", "up");
  }
}
