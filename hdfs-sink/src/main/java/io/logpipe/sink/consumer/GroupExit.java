package io.logpipe.sink.consumer;

import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How both sink modes close their consumer: leaving the group even as a static member (whose
 * default is to stay until its session expires), so that a sink that stops hands its partitions to
 * the others at once. A killed sink never gets here: it stays a member, so its restart takes the
 * same partitions back without a rebalance.
 */
public final class GroupExit {

  private static final Logger log = LoggerFactory.getLogger(GroupExit.class);

  /** How long closing may take (the last offset commit and the leave request). */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private GroupExit() {}

  /** Closes {@code consumer}, leaving its group; a failure is logged, not thrown. */
  public static void close(Consumer<?, ?> consumer) {
    try {
      consumer.close(
          CloseOptions.timeout(CLOSE_TIMEOUT)
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    } catch (RuntimeException e) {
      log.warn("Closing the Kafka consumer failed: {}", e.toString());
    }
  }
}
