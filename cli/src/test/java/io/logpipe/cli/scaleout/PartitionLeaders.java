package io.logpipe.cli.scaleout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/** Leaders and in-sync replicas of the pipeline's topics, as the cluster's metadata has them. */
final class PartitionLeaders {

  private final Admin admin;
  private final Collection<String> topics;

  PartitionLeaders(Admin admin, Collection<String> topics) {
    this.admin = admin;
    this.topics = List.copyOf(topics);
  }

  /** Partitions (as {@code topic-N}) led by {@code node} or without a leader. */
  List<String> ledByOrLeaderless(int node) throws Exception {
    List<String> found = new ArrayList<>();
    for (TopicDescription d : describe()) {
      for (TopicPartitionInfo p : d.partitions()) {
        if (p.leader() == null || p.leader().isEmpty() || p.leader().id() == node) {
          found.add(d.name() + "-" + p.partition());
        }
      }
    }
    return found;
  }

  /** Partitions (as {@code topic-N}) with fewer than {@code replicas} in-sync replicas. */
  List<String> underReplicated(int replicas) throws Exception {
    List<String> found = new ArrayList<>();
    for (TopicDescription d : describe()) {
      for (TopicPartitionInfo p : d.partitions()) {
        if (p.isr().size() < replicas) {
          found.add(d.name() + "-" + p.partition());
        }
      }
    }
    return found;
  }

  private Collection<TopicDescription> describe() throws Exception {
    return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values();
  }
}
