package io.logpipe.dashboard.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Which instance of a stage owns which partitions of its input topic, as the group coordinator
 * assigned them (the Admin API's description of the stage's consumer group, so it reads the same
 * for in-process instances of {@code logpipe local} and for processes on other hosts). JSON of
 * {@code /api/owners}, one per stage.
 *
 * @param stage {@code processor} or {@code sink}
 * @param group the stage's consumer group
 * @param topic the stage's input topic
 * @param partitions partitions of {@code topic}; 0 while the topic does not exist
 * @param state the group's state (e.g. {@code STABLE}, {@code PREPARING_REBALANCE}); null when
 *     unknown
 * @param owners one per instance (members with the same instance name and host are one instance:
 *     the stream threads of one processor), sorted by instance and host
 * @param unowned partitions of {@code topic} no member owns now (during a rebalance, or with no
 *     instance running)
 * @param problem why the ownership is unknown, null otherwise
 */
public record StageOwners(
    String stage,
    String group,
    String topic,
    int partitions,
    String state,
    List<Owner> owners,
    List<Integer> unowned,
    String problem) {

  /** A Kafka Streams consumer's client id ends with its thread's name; the rest names the app. */
  private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-\\d+-consumer$");

  public StageOwners {
    owners = List.copyOf(owners);
    unowned = List.copyOf(unowned);
  }

  /**
   * @param instance the member's client id, without a stream thread's suffix ({@code processor-2},
   *     {@code sink-1}); the member id when the client id is empty
   * @param host the host the member connected from, as the coordinator saw it
   * @param partitions its partitions of the stage's input topic, sorted (may be empty)
   */
  public record Owner(String instance, String host, List<Integer> partitions) {
    public Owner {
      partitions = List.copyOf(partitions);
    }
  }

  /** Ownership read from {@code group}'s description; {@code partitions} of {@code topic}. */
  static StageOwners of(
      String stage, String topic, int partitions, ConsumerGroupDescription group) {
    Map<String, Map<String, TreeSet<Integer>>> byInstance = new TreeMap<>();
    TreeSet<Integer> unowned = new TreeSet<>();
    for (int p = 0; p < partitions; p++) {
      unowned.add(p);
    }
    for (MemberDescription m : group.members()) {
      TreeSet<Integer> owned =
          byInstance
              .computeIfAbsent(instanceOf(m), i -> new TreeMap<>())
              .computeIfAbsent(m.host(), h -> new TreeSet<>());
      for (TopicPartition tp : m.assignment().topicPartitions()) {
        if (tp.topic().equals(topic)) {
          owned.add(tp.partition());
          unowned.remove(tp.partition());
        }
      }
    }
    List<Owner> owners = new ArrayList<>();
    byInstance.forEach(
        (instance, hosts) ->
            hosts.forEach(
                (host, owned) -> owners.add(new Owner(instance, host, List.copyOf(owned)))));
    return new StageOwners(
        stage,
        group.groupId(),
        topic,
        partitions,
        group.groupState() == null ? null : group.groupState().name(),
        owners,
        List.copyOf(unowned),
        null);
  }

  /** Ownership that could not be read, and why. */
  static StageOwners unknown(String stage, String group, String topic, String problem) {
    return new StageOwners(stage, group, topic, 0, null, List.of(), List.of(), problem);
  }

  private static String instanceOf(MemberDescription m) {
    String client = m.clientId() == null ? "" : m.clientId();
    String instance = STREAM_THREAD.matcher(client).replaceFirst("");
    return instance.isEmpty() ? m.consumerId() : instance;
  }
}
