package io.logpipe.dashboard.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Offsets through the Admin API: the end of each pipeline topic (their growth is the pipeline's
 * rate) and each stage's consumer lag (its group's committed offsets against the end offsets). Read
 * only: nothing is committed.
 */
final class KafkaProbe implements AutoCloseable {

  private final Admin admin;
  private final Duration timeout;

  KafkaProbe(String bootstrapServers, Map<String, String> extra, Duration timeout) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "logpipe-dashboard-admin");
    p.putAll(extra);
    this.admin = Admin.create(p);
    this.timeout = timeout;
  }

  /**
   * The committed end offset of every partition of {@code topics} (absent topics are left out).
   *
   * @throws ProbeException when the broker does not answer within the timeout
   */
  Map<TopicPartition, Long> endOffsets(List<String> topics) throws ProbeException {
    Map<String, TopicDescription> described = new HashMap<>();
    for (String topic : topics) {
      try {
        described.put(topic, get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic));
      } catch (ProbeException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    List<TopicPartition> partitions = new ArrayList<>();
    described.forEach(
        (name, d) ->
            d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
    return endOffsetsOf(partitions);
  }

  /** Lag per topic of a consumer group; empty when the group committed nothing yet. */
  Map<String, Long> lag(String group) throws ProbeException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> positions = new HashMap<>();
    committed.forEach(
        (tp, om) -> {
          if (om != null) {
            positions.put(tp, om.offset());
          }
        });
    Map<TopicPartition, Long> end = endOffsetsOf(new ArrayList<>(positions.keySet()));
    Map<String, Long> lag = new TreeMap<>();
    positions.forEach(
        (tp, pos) -> {
          Long e = end.get(tp);
          if (e != null) {
            lag.merge(tp.topic(), Math.max(0, e - pos), Long::sum);
          }
        });
    return lag;
  }

  /**
   * {@code group} as its coordinator describes it now: members, their hosts and assignments.
   *
   * @throws ProbeException when the broker does not answer, or the group does not exist
   */
  ConsumerGroupDescription describeGroup(String group) throws ProbeException {
    return get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
  }

  private Map<TopicPartition, Long> endOffsetsOf(List<TopicPartition> partitions)
      throws ProbeException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
    // read_committed: the last stable offset, what a reader of the transactional stages' output can
    // see.
    Map<TopicPartition, ListOffsetsResultInfo> infos =
        get(admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
    Map<TopicPartition, Long> end = new HashMap<>();
    infos.forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws ProbeException {
    try {
      return future.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ProbeException(e.getCause());
    } catch (TimeoutException e) {
      throw new ProbeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException(e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }

  /** The broker did not answer, or refused. */
  static final class ProbeException extends Exception {
    ProbeException(Throwable cause) {
      super(
          cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(),
          cause);
    }
  }

  static Set<String> topicsOf(Map<TopicPartition, Long> offsets) {
    Set<String> s = new java.util.TreeSet<>();
    offsets.keySet().forEach(tp -> s.add(tp.topic()));
    return s;
  }
}
