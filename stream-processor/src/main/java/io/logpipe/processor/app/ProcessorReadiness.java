package io.logpipe.processor.app;

import io.logpipe.commandline.monitoring.KafkaConnections;
import io.logpipe.metrics.StageStatus;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The processor's {@link StageStatus}: ready while Kafka Streams is RUNNING and its stream threads'
 * consumers are connected. Streams stays RUNNING through a broker outage, so its state alone would
 * call a processor that cannot reach Kafka ready; the consumers' heartbeats keep a coordinator
 * connection open, and none being open means the cluster is out of reach.
 */
final class ProcessorReadiness {

  private ProcessorReadiness() {}

  static StageStatus of(KafkaStreams.State state, Map<MetricName, ? extends Metric> metrics) {
    return switch (state) {
      case RUNNING -> {
        int open = KafkaConnections.open(metrics, ProcessorReadiness::isGroupConsumer);
        yield open > 0
            ? StageStatus.ready("RUNNING, " + open + " consumer connection(s)")
            : StageStatus.notReady("RUNNING, but no consumer is connected to Kafka");
      }
      case CREATED, REBALANCING -> StageStatus.notReady(state.name());
      case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> StageStatus.down(state.name());
    };
  }

  /**
   * A stream thread's main consumer ({@code ...-StreamThread-N-consumer}); its restore consumer
   * connects only while state is restored.
   */
  static boolean isGroupConsumer(String clientId) {
    return clientId.endsWith("-consumer") && !clientId.endsWith("-restore-consumer");
  }
}
