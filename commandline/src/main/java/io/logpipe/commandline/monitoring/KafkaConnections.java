package io.logpipe.commandline.monitoring;

import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether Kafka clients are connected, from their own {@code connection-count} metric (the open
 * connections of each producer, consumer or admin client): what a stage's readiness asks. A
 * consumer in a group keeps its coordinator connection open with heartbeats, so zero means the
 * cluster is out of reach; a producer's idle connections close after {@code
 * connections.max.idle.ms}, so a producer is asked only while it has records in flight.
 */
public final class KafkaConnections {

  static final String CONNECTION_COUNT = "connection-count";
  static final String CLIENT_ID = "client-id";

  private KafkaConnections() {}

  /**
   * Open connections of the clients among {@code metrics} whose {@code client-id} passes {@code
   * clients}; {@code metrics} is a client's {@code metrics()} (a Kafka Streams instance's holds all
   * of its clients).
   */
  public static int open(Map<MetricName, ? extends Metric> metrics, Predicate<String> clients) {
    double open = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName name = e.getKey();
      if (!CONNECTION_COUNT.equals(name.name()) || !name.group().endsWith("-metrics")) {
        continue;
      }
      String client = name.tags().get(CLIENT_ID);
      if (client != null
          && clients.test(client)
          && e.getValue().metricValue() instanceof Number n) {
        open += n.doubleValue();
      }
    }
    return (int) open;
  }

  /** Open connections of every client among {@code metrics}. */
  public static int open(Map<MetricName, ? extends Metric> metrics) {
    return open(metrics, client -> true);
  }
}
