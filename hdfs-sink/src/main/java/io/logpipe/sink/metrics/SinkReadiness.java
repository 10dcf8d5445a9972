package io.logpipe.sink.metrics;

import io.logpipe.commandline.monitoring.KafkaConnections;
import io.logpipe.metrics.StageStatus;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The sink's {@link StageStatus}: ready once its consumer has joined the group (partitions
 * assigned, or a completed rebalance that gave it none: a standby instance is ready too) and is
 * connected to Kafka; down once its thread has stopped.
 */
public final class SinkReadiness {

  static final String COORDINATOR_GROUP = "consumer-coordinator-metrics";
  static final String REBALANCES = "rebalance-total";

  private SinkReadiness() {}

  /**
   * @param failure why the sink's thread stopped, null while it runs or after a clean stop
   * @param assigned partitions the sink owns now
   * @param consumerMetrics the sink consumer's {@code metrics()}
   */
  public static StageStatus of(
      boolean running,
      Throwable failure,
      long assigned,
      Map<MetricName, ? extends Metric> consumerMetrics) {
    if (!running) {
      return StageStatus.down(failure == null ? "stopped" : "failed: " + failure.getMessage());
    }
    if (KafkaConnections.open(consumerMetrics) == 0) {
      return StageStatus.notReady("no connection to Kafka");
    }
    if (assigned == 0 && rebalances(consumerMetrics) == 0) {
      return StageStatus.notReady("joining its consumer group");
    }
    return StageStatus.ready(assigned + " partition(s) assigned");
  }

  private static double rebalances(Map<MetricName, ? extends Metric> metrics) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (REBALANCES.equals(e.getKey().name())
          && COORDINATOR_GROUP.equals(e.getKey().group())
          && e.getValue().metricValue() instanceof Number n) {
        return n.doubleValue();
      }
    }
    return 0;
  }
}
