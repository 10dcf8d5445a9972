package io.logpipe.sink.consumer;

import static io.logpipe.sink.consumer.SinkRolesHarness.TOPIC;
import static io.logpipe.sink.consumer.SinkRolesHarness.tp;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.consumer.RecordingReads.Ack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing records into batches: one writer per hour, the cap on open writers, quarantined records.
 */
class BatchRouterTest {

  private static final Instant H10 = Instant.parse("2025-12-24T10:15:00Z");
  private static final Instant H11 = H10.plus(Duration.ofHours(1));

  @TempDir Path dir;

  @Test
  void rowsOfOnePartitionGoToOneWriterPerHourInOneBatch() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.assign(0);
      h.poll(0, 0, H10, H11, H10, H11.plusSeconds(5));

      assertThat(h.state(0).batch().hours()).hasSize(2);
      assertThat(h.state(0).batch().records()).isEqualTo(4);
      assertThat(h.roles.partitions.openWriters()).isEqualTo(2);
      assertThat(h.metrics.rowsWritten())
          .as("written on the polling thread without worker lanes")
          .isEqualTo(4);
    }
  }

  @Test
  void atTheWriterCapTheBatchWithTheOldestWriterIsCommittedEarly() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b.maxOpenWriters(2))) {
      h.assign(0, 1);
      h.poll(0, 0, H10, H10);
      h.clock.advance(Duration.ofSeconds(1));
      h.poll(1, 0, H10);

      h.poll(1, 1, H11); // a third writer: partition 0's batch is the oldest

      assertThat(h.visibleFiles())
          .containsExactly(
              "dt=2025-12-24/hour=10/part-logs_curated+0+"
                  + "00000000000000000000+00000000000000000001.snappy.parquet");
      assertThat(h.reads.acks).containsExactly(new Ack(tp(0), 2, false));
      assertThat(h.state(0).batch()).isNull();
      assertThat(h.state(1).batch().hours()).hasSize(2);
      assertThat(h.roles.partitions.openWriters()).isEqualTo(2);
    }
  }

  @Test
  void anUndecodableRecordIsQuarantinedAndPublishedWithItsBatch() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.assign(0);
      byte[] garbage = "not an avro single-object record".getBytes(StandardCharsets.UTF_8);
      h.poll(
          Map.of(
              tp(0),
              List.of(
                  h.record(0, 0, H10),
                  new ConsumerRecord<>(TOPIC, 0, 1L, null, garbage),
                  h.record(0, 2, H10))));
      h.roles.committer.commit(h.state(0), true);

      assertThat(h.metrics.quarantinedCount()).isOne();
      Path quarantined =
          dir.resolve("curated/_logpipe_sink/quarantine/" + TOPIC + "/0/00000000000000000001.bin");
      assertThat(quarantined).exists();
      assertThat(Files.readAllBytes(quarantined)).isEqualTo(garbage);
      assertThat(h.metrics.rowsCommitted())
          .as("the two rows; the quarantined record is no row")
          .isEqualTo(2);
      assertThat(h.reads.acks).containsExactly(new Ack(tp(0), 3, true));
    }
  }

  @Test
  void recordsOfAPartitionNotAssignedAreIgnored() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b)) {
      h.assign(0);
      h.poll(1, 0, H10);
      assertThat(h.roles.partitions.openWriters()).isZero();
    }
  }
}
