package io.logpipe.sink.consumer;

import static io.logpipe.sink.consumer.SinkRolesHarness.tp;
import static io.logpipe.sink.support.FaultInjectingFileSystem.transientError;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.consumer.PartitionState.Phase;
import io.logpipe.sink.consumer.RecordingReads.Ack;
import io.logpipe.sink.support.FaultInjectingFileSystem.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committing a partition: the lake first, then the offset; a failed close rewinds and backs off;
 * fencing recovers.
 */
class PartitionCommitterTest {

  private static final Instant H10 = Instant.parse("2025-12-24T10:15:00Z");

  @TempDir Path dir;

  @Test
  void theOffsetIsAcknowledgedOnlyOnceTheRowsAreVisibleInTheLake() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      List<String> visibleAtAck = new ArrayList<>();
      h.reads.onAcknowledge = () -> visibleAtAck.addAll(h.visibleFiles());
      h.assign(0);
      h.poll(0, 0, H10, H10.plusSeconds(1), H10.plusSeconds(2));

      assertThat(h.roles.committer.commit(h.state(0), true)).isTrue();

      assertThat(h.visibleFiles())
          .containsExactly(
              "dt=2025-12-24/hour=10/part-logs_curated+0+"
                  + "00000000000000000000+00000000000000000002.snappy.parquet");
      assertThat(visibleAtAck).isEqualTo(h.visibleFiles());
      assertThat(h.reads.acks).containsExactly(new Ack(tp(0), 3, true));
      assertThat(h.state(0).committed()).isEqualTo(3);
      assertThat(h.state(0).phase()).isEqualTo(Phase.IDLE);
      assertThat(h.metrics.rowsCommitted()).isEqualTo(3);
    }
  }

  @Test
  void aBatchWhoseFileCannotBeClosedIsDiscardedAndItsPartitionRewoundAndPausedForTheBackoff()
      throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.assign(0);
      h.poll(0, 0, H10, H10);
      h.roles.committer.commit(h.state(0), true);
      List<String> before = h.visibleFiles();
      h.poll(0, 2, H10, H10, H10);
      h.fs.fail(Call.CLOSE, name -> name.endsWith(".parquet"), 1, transientError("close"));

      assertThat(h.roles.committer.commit(h.state(0), true)).isFalse();

      assertThat(h.fs.injected()).isOne();
      assertThat(h.visibleFiles()).as("nothing of the failed batch is visible").isEqualTo(before);
      assertThat(h.tempFiles(0)).as("its temp files are deleted").isEmpty();
      assertThat(h.reads.positions).containsEntry(tp(0), 2L);
      assertThat(h.reads.paused).containsExactly(tp(0));
      assertThat(h.reads.acks)
          .as("no offset past the lake")
          .containsExactly(new Ack(tp(0), 2, true));
      assertThat(h.state(0).phase()).isEqualTo(Phase.BACKING_OFF);
      assertThat(h.state(0).failures().failures()).isOne();

      h.clock.advance(Duration.ofMillis(199));
      h.emptyPoll();
      assertThat(h.reads.paused).as("within the 200 ms backoff").containsExactly(tp(0));
      h.clock.advance(Duration.ofMillis(1));
      h.emptyPoll();
      assertThat(h.reads.paused).isEmpty();
      assertThat(h.state(0).phase()).isEqualTo(Phase.IDLE);

      h.poll(0, 2, H10, H10, H10); // read again from the lake's offset
      assertThat(h.roles.committer.commit(h.state(0), true)).isTrue();
      assertThat(h.reads.acks).last().isEqualTo(new Ack(tp(0), 5, true));
      assertThat(h.state(0).failures()).as("a commit ends the run of failures").isNull();
      assertThat(h.metrics.rowsCommitted()).isEqualTo(5);
    }
  }

  @Test
  void aBatchFencedOffByAnotherInstanceIsDiscardedAndThePartitionReadFromWhatTheLakeHolds()
      throws Exception {
    try (SinkRolesHarness zombie = new SinkRolesHarness(dir, b -> b);
        SinkRolesHarness owner = new SinkRolesHarness(dir, b -> b)) {
      zombie.assign(0);
      owner.assign(0);
      zombie.poll(0, 0, H10, H10, H10);
      owner.poll(0, 0, H10, H10, H10, H10);
      assertThat(owner.roles.committer.commit(owner.state(0), true)).isTrue();

      assertThat(zombie.roles.committer.commit(zombie.state(0), true)).isFalse();

      assertThat(zombie.fencedBatches()).isOne();
      assertThat(zombie.reads.positions)
          .as("recovered: the owner committed up to 4")
          .containsEntry(tp(0), 4L);
      assertThat(zombie.reads.paused).as("fencing is no failure: no backoff").isEmpty();
      assertThat(zombie.reads.acks).isEmpty();
      assertThat(zombie.state(0).phase()).isEqualTo(Phase.IDLE);
      assertThat(zombie.visibleFiles()).hasSize(1);
      assertThat(zombie.tempFiles(0)).isEmpty();
      assertThat(Files.exists(dir.resolve("curated/_logpipe_sink/log/logs_curated/0"))).isTrue();
    }
  }
}
