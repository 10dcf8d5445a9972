package io.logpipe.embedded.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Which partitions each member of a consumer group is assigned now, as the Admin API describes the
 * group: what restart tests watch while members leave, die and come back.
 */
public final class GroupAssignments {

  private static final long TIMEOUT_SECONDS = 10;

  private GroupAssignments() {}

  /**
   * Each member's partitions by its client id (members with one client id share one set); empty
   * while no member has joined.
   */
  public static Map<String, Set<TopicPartition>> byClientId(Admin admin, String group)
      throws Exception {
    ConsumerGroupDescription description;
    try {
      description =
          admin
              .describeConsumerGroups(List.of(group))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(group);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
    Map<String, Set<TopicPartition>> owned = new HashMap<>();
    for (MemberDescription m : description.members()) {
      owned
          .computeIfAbsent(m.clientId(), id -> new HashSet<>())
          .addAll(m.assignment().topicPartitions());
    }
    return owned;
  }
}
