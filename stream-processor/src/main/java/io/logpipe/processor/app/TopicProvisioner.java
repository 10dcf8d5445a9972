package io.logpipe.processor.app;

import io.logpipe.processor.config.ProcessorConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes sure the processor's input and output topics exist before Kafka Streams starts. */
final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_S = 60;

  private TopicProvisioner() {}

  /** Topics the topology reads or writes (Kafka Streams creates its internal topics itself). */
  static Set<String> requiredTopics(ProcessorConfig config) {
    Set<String> topics =
        new LinkedHashSet<>(
            List.of(
                config.rawTopic(),
                config.curatedTopic(),
                config.rejectedTopic(),
                config.statusCountsTopic(),
                config.statusCountsLateTopic()));
    if (config.liveCountsEnabled()) {
      topics.add(config.statusCountsLiveTopic());
    }
    return topics;
  }

  /**
   * Creates missing topics when the config allows it, else throws {@link MissingTopicsException}
   * naming them; then returns how many partitions the raw topic has (the window counter waits for
   * each).
   *
   * @param clientProps Kafka client properties (bootstrap servers, security)
   */
  static int ensureTopics(ProcessorConfig config, Properties clientProps) {
    Properties adminProps = new Properties();
    clientProps.forEach(
        (k, v) -> {
          if (AdminClientConfig.configNames().contains(k.toString())) {
            adminProps.put(k, v);
          }
        });
    String bootstrap = String.valueOf(clientProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    try (Admin admin = Admin.create(adminProps)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
      List<String> missing = new ArrayList<>();
      for (String t : requiredTopics(config)) {
        if (!existing.contains(t)) {
          missing.add(t);
        }
      }
      if (missing.isEmpty()) {
        return rawPartitions(admin, config.rawTopic());
      }
      if (!config.createTopics()) {
        throw new MissingTopicsException(missing, bootstrap);
      }
      List<NewTopic> creates = new ArrayList<>();
      for (String t : missing) {
        NewTopic nt =
            new NewTopic(
                t,
                Optional.of(config.topicPartitions()),
                config.topicReplication() < 0
                    ? Optional.empty()
                    : Optional.of(config.topicReplication()));
        if (t.equals(config.statusCountsLiveTopic())) {
          // Live counts are "latest value per window and status": compaction keeps exactly that.
          nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        creates.add(nt);
      }
      for (var e : admin.createTopics(creates).values().entrySet()) {
        try {
          e.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
          log.info("Created topic {} ({} partitions)", e.getKey(), config.topicPartitions());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Cannot create topic "
                    + e.getKey()
                    + " on "
                    + bootstrap
                    + ": "
                    + ex.getCause().getMessage(),
                ex.getCause());
          }
        }
      }
      awaitLeaders(admin, missing);
      return rawPartitions(admin, config.rawTopic());
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot reach Kafka at "
              + bootstrap
              + " to check topics: "
              + (e.getCause() == null ? e : e.getCause()).getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topics", e);
    }
  }

  private static int rawPartitions(Admin admin, String rawTopic)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin
        .describeTopics(List.of(rawTopic))
        .allTopicNames()
        .get(TIMEOUT_S, TimeUnit.SECONDS)
        .get(rawTopic)
        .partitions()
        .size();
  }

  /**
   * Waits until every partition of the new topics has a leader that answers offset requests: a
   * transactional producer writing while leadership is still being settled can get sequence errors
   * on its first batches.
   */
  private static void awaitLeaders(Admin admin, Collection<String> topics)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var d :
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(TIMEOUT_S, TimeUnit.SECONDS)
                .values()) {
          for (var p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
              throw new IllegalStateException(
                  d.name() + "-" + p.partition() + " has no leader yet");
            }
            latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
          }
        }
        admin.listOffsets(latest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | IllegalStateException e) {
        last = e; // leader election in progress: ask again
      }
      java.util.concurrent.locks.LockSupport.parkNanos(
          20_000_000L); // pace retries that fail fast (2 cores)
    }
    throw new TimeoutException(
        "partitions of " + topics + " have no leader after " + TIMEOUT_S + " s: " + last);
  }
}
