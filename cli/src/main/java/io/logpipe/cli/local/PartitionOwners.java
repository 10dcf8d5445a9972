package io.logpipe.cli.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Which stage instance owns which partitions, as the Admin API describes the stages' consumer
 * groups: each instance's consumers carry its name at the start of their client id ({@code
 * processor-2-StreamThread-1-consumer}, {@code sink-1}).
 *
 * @param byInstance instance name, then topic, then its partitions, all sorted
 */
record PartitionOwners(Map<String, Map<String, TreeSet<Integer>>> byInstance) {

  private static final long TIMEOUT_SECONDS = 10;

  /**
   * The members of {@code group} whose client id starts with one of {@code instances}; an instance
   * that owns nothing is listed with no partitions.
   */
  static PartitionOwners of(Admin admin, String group, List<String> instances) {
    Map<String, Map<String, TreeSet<Integer>>> owners = new TreeMap<>();
    instances.forEach(i -> owners.put(i, new TreeMap<>()));
    ConsumerGroupDescription description;
    try {
      description =
          admin
              .describeConsumerGroups(List.of(group))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(group);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PartitionOwners(owners);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return new PartitionOwners(owners); // shown as owning nothing; the run goes on
    }
    for (MemberDescription m : description.members()) {
      String instance = instanceOf(m.clientId(), instances);
      if (instance == null) {
        continue;
      }
      for (TopicPartition tp : m.assignment().topicPartitions()) {
        owners.get(instance).computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
      }
    }
    return new PartitionOwners(owners);
  }

  private static String instanceOf(String clientId, List<String> instances) {
    for (String i : instances) {
      if (clientId.equals(i) || clientId.startsWith(i + "-")) {
        return i;
      }
    }
    return null;
  }

  /** One line per instance: {@code processor-1 logs_raw 0,2,4; …-repartition 1,3,5}. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    byInstance.forEach(
        (instance, topics) -> {
          List<String> parts = new ArrayList<>();
          topics.forEach(
              (topic, partitions) ->
                  parts.add(
                      topic
                          + " "
                          + String.join(",", partitions.stream().map(String::valueOf).toList())));
          lines.add(
              String.format(
                  "  %-12s %s", instance, parts.isEmpty() ? "(none)" : String.join("; ", parts)));
        });
    return lines;
  }
}
