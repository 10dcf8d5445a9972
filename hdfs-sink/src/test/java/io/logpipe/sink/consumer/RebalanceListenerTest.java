package io.logpipe.sink.consumer;

import static io.logpipe.sink.consumer.SinkRolesHarness.tp;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.consumer.PartitionState.Phase;
import io.logpipe.sink.consumer.RecordingReads.Ack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assignment reads from where the lake says; revocation publishes first; a lost partition's batch
 * is discarded.
 */
class RebalanceListenerTest {

  private static final Instant H10 = Instant.parse("2025-12-24T10:15:00Z");

  @TempDir Path dir;

  @Test
  void anAssignedPartitionIsReadFromTheLakesOffsetAndItsUncommittedLeftoversAreDeleted()
      throws Exception {
    try (SinkRolesHarness first = new SinkRolesHarness(dir, b -> b)) {
      first.assign(0);
      first.poll(0, 0, H10, H10, H10);
      first.roles.committer.commit(first.state(0), true);
      first.poll(0, 3, H10, H10); // written into the temp area, never committed: as after a kill -9
      assertThat(first.tempFiles(0)).isNotEmpty();

      try (SinkRolesHarness next = new SinkRolesHarness(dir, b -> b)) {
        next.assign(0);

        assertThat(next.reads.positions).containsEntry(tp(0), 3L);
        assertThat(next.state(0).committed()).isEqualTo(3);
        assertThat(next.tempFiles(0)).isEmpty();
        assertThat(next.metrics.assignedPartitions()).isOne();
      }
    }
  }

  @Test
  void aPartitionTheLakeHoldsNothingOfIsReadFromTheBeginning() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.assign(0);
      assertThat(h.reads.positions).containsEntry(tp(0), -1L);
    }
  }

  @Test
  void aRevokedPartitionPublishesItsBatchAndAcknowledgesItsOffsetBeforeLeaving() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.assign(0, 1);
      h.poll(0, 0, H10, H10);
      PartitionState st = h.state(0);

      h.roles.listener.onPartitionsRevoked(List.of(tp(0)));

      assertThat(h.visibleFiles()).hasSize(1);
      assertThat(h.reads.acks).containsExactly(new Ack(tp(0), 2, true));
      assertThat(h.state(0)).isNull();
      assertThat(st.phase()).isEqualTo(Phase.GONE);
      assertThat(h.metrics.assignedPartitions()).isOne();
    }
  }

  @Test
  void aLostPartitionsBatchIsDiscardedForItsNextOwnerToReadAgain() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.assign(0);
      h.poll(0, 0, H10, H10);

      h.roles.listener.onPartitionsLost(List.of(tp(0)));

      assertThat(h.visibleFiles()).isEmpty();
      assertThat(h.tempFiles(0)).isEmpty();
      assertThat(h.reads.acks).isEmpty();
      assertThat(h.state(0)).isNull();
    }
  }
}
