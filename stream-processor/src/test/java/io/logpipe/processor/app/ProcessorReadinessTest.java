package io.logpipe.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.metrics.StageStatus;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class ProcessorReadinessTest {

  @Test
  void readyOnlyWhenRunningWithAConnectedGroupConsumer() {
    Map<MetricName, Metric> none = connections(0, 1);
    Map<MetricName, Metric> connected = connections(1, 0);
    assertThat(ProcessorReadiness.of(State.CREATED, connected).ready()).isFalse();
    assertThat(ProcessorReadiness.of(State.REBALANCING, connected).ready()).isFalse();
    assertThat(ProcessorReadiness.of(State.REBALANCING, connected).live()).isTrue();
    StageStatus running = ProcessorReadiness.of(State.RUNNING, connected);
    assertThat(running.ready()).isTrue();
    assertThat(running.detail()).isEqualTo("RUNNING, 1 consumer connection(s)");
    StageStatus cut = ProcessorReadiness.of(State.RUNNING, none);
    assertThat(cut.ready()).as("only the restore consumer is connected").isFalse();
    assertThat(cut.live()).isTrue();
    for (var stopped :
        new State[] {State.PENDING_SHUTDOWN, State.NOT_RUNNING, State.PENDING_ERROR, State.ERROR}) {
      assertThat(ProcessorReadiness.of(stopped, connected).live()).as("%s", stopped).isFalse();
    }
  }

  /** Connection counts of a stream thread's main consumer and of its restore consumer. */
  private static Map<MetricName, Metric> connections(int main, int restore) {
    Map<MetricName, Metric> m = new HashMap<>();
    put(m, "app-1-StreamThread-1-consumer", main);
    put(m, "app-1-StreamThread-1-restore-consumer", restore);
    return m;
  }

  private static void put(Map<MetricName, Metric> m, String clientId, int count) {
    MetricName name =
        new MetricName("connection-count", "consumer-metrics", "", Map.of("client-id", clientId));
    Value value = new Value();
    value.record(new MetricConfig(), count, 0);
    m.put(name, new KafkaMetric(new Object(), name, value, new MetricConfig(), Time.SYSTEM));
  }
}
