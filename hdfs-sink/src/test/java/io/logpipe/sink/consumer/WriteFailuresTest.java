package io.logpipe.sink.consumer;

import static io.logpipe.sink.consumer.SinkRolesHarness.tp;
import static io.logpipe.sink.support.FaultInjectingFileSystem.permissionDenied;
import static io.logpipe.sink.support.FaultInjectingFileSystem.transientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.sink.consumer.PartitionState.Phase;
import io.logpipe.sink.fs.SinkStorageException;
import io.logpipe.sink.support.FaultInjectingFileSystem.Call;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition whose writes keep failing: longer and longer pauses on the injected clock, then the
 * sink stops.
 */
class WriteFailuresTest {

  private static final Instant H10 = Instant.parse("2025-12-24T10:15:00Z");

  @TempDir Path dir;

  @Test
  void failuresBackOffLongerEachTimeUntilTheRetryTimeIsSpentThenTheSinkStops() throws Exception {
    try (SinkRolesHarness h =
        new SinkRolesHarness(dir, b -> b.maxRetryTime(Duration.ofSeconds(2)))) {
      h.fs.fail(
          Call.CLOSE,
          name -> name.endsWith(".parquet"),
          Integer.MAX_VALUE,
          transientError("close"));
      h.assign(0);
      List<Long> pauses = new ArrayList<>();
      SinkStorageException stopped = null;
      for (int attempt = 0; attempt < 10 && stopped == null; attempt++) {
        h.poll(0, 0, H10, H10);
        Instant failedAt = h.clock.instant();
        try {
          h.roles.committer.commit(h.state(0), false);
        } catch (SinkStorageException e) {
          stopped = e;
          break;
        }
        assertThat(h.state(0).phase()).isEqualTo(Phase.BACKING_OFF);
        long pause = 0;
        while (h.reads.paused.contains(
            tp(0))) { // the loop's empty polls while paused, 100 ms apart
          h.clock.advance(Duration.ofMillis(100));
          h.emptyPoll();
          pause += 100;
        }
        pauses.add(pause);
        assertThat(Duration.between(failedAt, h.clock.instant()).toMillis()).isEqualTo(pause);
      }

      assertThat(pauses)
          .as("the fourth failure, 1.4 s into the run, is still retried")
          .containsExactly(200L, 400L, 800L, 1_600L);
      assertThat(stopped)
          .as("the fifth, 3 s into a run allowed 2 s, stops the sink")
          .isNotNull()
          .hasMessageContaining("kept failing for 2 s");
      assertThat(h.fs.injected()).isEqualTo(5);
      assertThat(h.visibleFiles()).isEmpty();
      assertThat(h.tempFiles(0)).as("the last batch is discarded too").isEmpty();
      assertThat(h.reads.acks).isEmpty();
    }
  }

  @Test
  void aPermanentErrorStopsTheSinkAtTheFirstFailure() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.fs.fail(Call.CREATE, name -> name.endsWith(".parquet"), 1, permissionDenied());
      h.assign(0);

      assertThatThrownBy(() -> h.poll(0, 0, H10))
          .isInstanceOf(SinkStorageException.class)
          .hasMessageContaining("permanent error");
      assertThat(h.reads.paused).as("not retried").isEmpty();
      assertThat(h.reads.acks).isEmpty();
    }
  }

  @Test
  void aRewoundPartitionsRecordsLaterInThePollAreLeftToBeReadAgain() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b.maxOpenWriters(1))) {
      h.assign(0, 1);
      h.poll(0, 0, H10); // partition 0 holds the only writer
      h.fs.fail(Call.CLOSE, name -> name.endsWith(".parquet"), 1, transientError("close"));

      // Partition 1's record needs a writer: committing partition 0 to make room fails, and rewinds
      // it, so
      // partition 0's records that follow in the same poll are stale.
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
      records.put(tp(1), List.of(h.record(1, 0, H10)));
      records.put(tp(0), List.of(h.record(0, 1, H10), h.record(0, 2, H10)));
      h.poll(records);

      assertThat(h.state(0).phase()).isEqualTo(Phase.BACKING_OFF);
      assertThat(h.state(0).batch()).as("offsets 1 and 2 were not routed").isNull();
      assertThat(h.reads.paused).containsExactly(tp(0));
      assertThat(h.state(1).batch().records()).isOne();
    }
  }
}
