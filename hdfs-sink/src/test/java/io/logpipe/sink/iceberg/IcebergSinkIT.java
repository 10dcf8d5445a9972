package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.HourPartition;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.sink.support.Traffic;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Iceberg mode in the test's JVM on the real broker: into a local directory and into a real
 * MiniDFSCluster, across restarts and a second instance joining and leaving while events keep
 * arriving; the table read back with Iceberg's generic reader holds every event once, the snapshots
 * carry the offsets, complete hours are marked.
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedHdfsExtension.class})
class IcebergSinkIT {

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");

  @TempDir Path tmp;

  private static SinkConfig config(EmbeddedKafka kafka, URI lake, String topic, ZoneId zone) {
    return InProcessSink.config(kafka, lake, topic, "ice-" + topic)
        .zone(zone)
        .rotateRecords(2_000)
        .rotateAge(Duration.ofMillis(500))
        .allowedLateness(Duration.ofMinutes(1))
        .build();
  }

  private static RunningSink start(SinkConfig config, Configuration conf) {
    return IcebergSink.start(config, IcebergTarget.hadoop(), conf, null);
  }

  /** The offset the table's snapshots carry for partition {@code p} of the test's group. */
  private static java.util.OptionalLong stored(Table table, String topic, int p) {
    return TableOffsets.committed(
        ((org.apache.iceberg.HasTableOperations) table).operations().refresh(),
        TableOffsets.key("ice-" + topic, topic, p));
  }

  private static void awaitRows(URI lake, Configuration conf, long rows, RunningSink sink)
      throws Exception {
    Await.until(
        DEADLINE,
        rows + " rows in the table",
        () -> {
          assertThat(sink.failure()).isEmpty();
          return TableLineage.committedRows(lake, conf) >= rows;
        });
  }

  @Test
  void intoHdfsEveryEventOnceSnapshotsCarryOffsetsAndCompleteHoursAreMarked(
      EmbeddedKafka kafka, EmbeddedHdfs hdfs) throws Exception {
    String topic = "ice_hdfs";
    kafka.createTopic(topic, 3);
    URI lake = URI.create(hdfs.uri() + "/datalake/ice");
    Configuration conf = hdfs.configuration();
    ZoneId zone = ZoneId.of("America/New_York");
    List<String> produced;
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3)) {
      // three UTC hours 06-08 = New York 01-03, 10 % late
      produced = producer.send(0, 9_000, 9_000, START, Duration.ofHours(3), 0.1);
    }
    try (RunningSink sink = start(config(kafka, lake, topic, zone), conf)) {
      awaitRows(lake, conf, produced.size(), sink);
      Table table = TableLineage.table(lake, conf);
      TableLineage.assertExactlyOnce(produced, table);

      // the newest snapshot of each partition carries its end offset, which Kafka got after it
      for (int p = 0; p < 3; p++) {
        assertThat(stored(table, topic, p)).hasValue(3_000);
      }
      try (Admin admin =
          Admin.create(
              java.util.Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        Await.until(
            DEADLINE,
            "Kafka offsets committed after the table",
            () ->
                admin
                        .listConsumerGroupOffsets("ice-" + topic)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .values()
                        .stream()
                        .mapToLong(OffsetAndMetadata::offset)
                        .sum()
                    == 9_000);
      }
      // partitions in New York time; hours 01 and 02 are past by the lateness once the idle
      // partitions advance the watermark with the clock (03 needs a minute of it: not waited for)
      assertThat(table.newScan().planFiles())
          .extracting(f -> f.file().partition().get(1, Integer.class))
          .containsOnly(1, 2, 3);
      Await.until(
          DEADLINE,
          "hours 01 and 02 marked complete",
          () -> {
            table.refresh();
            return HourMarks.marked(table.properties()).size() >= 2;
          });
      assertThat(HourMarks.marked(table.properties()))
          .startsWith(
              new HourPartition(LocalDate.parse("2025-12-24"), 1),
              new HourPartition(LocalDate.parse("2025-12-24"), 2));
      // counted once the mark's commit has returned; on HDFS readers see the new metadata file
      // before that (the commit still writes the version hint)
      Await.until(
          DEADLINE, "two hours counted complete", () -> sink.counters().hoursCompleted() >= 2);
      // a marked hour's files (one per partition and batch) are rewritten: a replace snapshot,
      // every row still once
      Await.until(
          DEADLINE,
          "a completed hour rewritten",
          () -> {
            table.refresh();
            for (Snapshot s : table.snapshots()) {
              if (org.apache.iceberg.DataOperations.REPLACE.equals(s.operation())) {
                return true;
              }
            }
            return false;
          });
      TableLineage.assertExactlyOnce(produced, table);
      for (Snapshot s : table.snapshots()) {
        assertThat(s.summary()).containsKey(TableOffsets.COMMIT_ID);
      }
    }
  }

  @Test
  void restartsWhileEventsArriveLoseAndDuplicateNothing(EmbeddedKafka kafka) throws Exception {
    String topic = "ice_restart";
    kafka.createTopic(topic, 3);
    URI lake = tmp.resolve("lake").toUri();
    Configuration conf = new Configuration();
    SinkConfig config = config(kafka, lake, topic, ZoneId.of("UTC"));
    List<String> produced;
    try (Traffic traffic = Traffic.start(kafka, topic, 3, 1_000_000, 0.05)) {
      for (int i = 0; i < 3; i++) {
        try (RunningSink sink = start(config, conf)) {
          long before = TableLineage.committedRows(lake, conf);
          awaitRows(lake, conf, before + 1_000, sink);
        }
      }
      traffic.stop();
      produced = new ArrayList<>(traffic.produced());
    }
    try (RunningSink sink = start(config, conf)) {
      awaitRows(lake, conf, produced.size(), sink);
    }
    TableLineage.assertExactlyOnce(produced, TableLineage.table(lake, conf));
  }

  @Test
  void aSecondInstanceJoiningAndLeavingLosesAndDuplicatesNothing(EmbeddedKafka kafka)
      throws Exception {
    String topic = "ice_rebalance";
    kafka.createTopic(topic, 4);
    URI lake = tmp.resolve("lake2").toUri();
    Configuration conf = new Configuration();
    SinkConfig config = config(kafka, lake, topic, ZoneId.of("UTC"));
    List<String> produced;
    try (Traffic traffic = Traffic.start(kafka, topic, 4, 1_000_000, 0.05);
        RunningSink first = start(config, conf)) {
      awaitRows(lake, conf, 1_000, first);
      try (RunningSink second = start(config, conf)) {
        Await.until(
            DEADLINE,
            "both instances own partitions",
            () ->
                first.counters().assignedPartitions() > 0
                    && second.counters().assignedPartitions() > 0);
        // partitions moved: neither holds all 4
        assertThat(first.counters().assignedPartitions()).isLessThan(4);
        long joined = second.counters().rowsCommitted();
        Await.until(
            DEADLINE,
            "the second instance commits",
            () -> {
              assertThat(second.failure()).isEmpty();
              return second.counters().rowsCommitted() > joined + 500;
            });
      }
      // the clean close leaves the group: the first instance takes every partition back
      Await.until(
          DEADLINE,
          "the first instance owns all 4 partitions again",
          () -> {
            assertThat(first.failure()).isEmpty();
            return first.counters().assignedPartitions() == 4;
          });
      long left = TableLineage.committedRows(lake, conf);
      awaitRows(lake, conf, left + 1_000, first);
      traffic.stop();
      produced = new ArrayList<>(traffic.produced());
      awaitRows(lake, conf, produced.size(), first);
    }
    TableLineage.assertExactlyOnce(produced, TableLineage.table(lake, conf));
  }

  @Test
  void undecodableRecordsAreQuarantinedUnderTheTableTheRestWrittenOnce(EmbeddedKafka kafka)
      throws Exception {
    String topic = "ice_poison";
    kafka.createTopic(topic, 2);
    URI lake = tmp.resolve("lake4").toUri();
    Configuration conf = new Configuration();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 2)) {
      produced.addAll(producer.send(0, 200, 400, START, Duration.ofMinutes(10), 0.0));
    }
    // offset 100 of each partition: bytes that are no LogEvent, and a null value
    byte[] garbage = "not a LogEvent".getBytes(StandardCharsets.UTF_8);
    Map<String, Object> props =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> raw =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topic, 0, null, garbage)).get();
      raw.send(new ProducerRecord<>(topic, 1, null, (byte[]) null)).get();
    }
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 2)) {
      produced.addAll(producer.send(200, 200, 400, START, Duration.ofMinutes(10), 0.0));
    }
    try (RunningSink sink = start(config(kafka, lake, topic, ZoneId.of("UTC")), conf)) {
      awaitRows(lake, conf, produced.size(), sink);
      assertThat(sink.counters().quarantined()).isEqualTo(2);
      assertThat(sink.failure()).isEmpty();
      Table table = TableLineage.table(lake, conf);
      TableLineage.assertExactlyOnce(produced, table);
      for (int p = 0; p < 2; p++) {
        // 100 events, the quarantined record at 100, 100 events: the table's offset covers all
        assertThat(stored(table, topic, p)).hasValue(201);
      }
      assertThat(TableLineage.quarantined(table, topic, 0, 100)).isEqualTo(garbage);
      assertThat(TableLineage.quarantined(table, topic, 1, 100)).isEmpty();
    }
  }

  @Test
  void aQuietInstanceRepeatsItsOffsetsSoAnExpiryOfOlderSnapshotsLosesNone(EmbeddedKafka kafka)
      throws Exception {
    String topic = "ice_refresh";
    kafka.createTopic(topic, 2);
    URI lake = tmp.resolve("lake5").toUri();
    Configuration conf = new Configuration();
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "ice-" + topic)
            .rotateAge(Duration.ofMillis(500))
            .offsetRefresh(Duration.ofSeconds(2))
            .build();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 2)) {
      produced.addAll(producer.send(0, 400, 600, START, Duration.ofMinutes(10), 0.0));
    }
    String k0 = TableOffsets.key("ice-" + topic, topic, 0);
    String k1 = TableOffsets.key("ice-" + topic, topic, 1);
    try (RunningSink sink = start(config, conf)) {
      awaitRows(lake, conf, produced.size(), sink);
      // no rows come: within the refresh interval a snapshot of the two offsets alone
      Table table = TableLineage.table(lake, conf);
      Snapshot[] offsetsOnly = new Snapshot[1];
      Await.until(
          DEADLINE,
          "a snapshot without rows that repeats both offsets",
          () -> {
            assertThat(sink.failure()).isEmpty();
            table.refresh();
            Snapshot s = table.currentSnapshot();
            if (s.summary().containsKey(k0)
                && s.summary().containsKey(k1)
                && !s.addedDataFiles(table.io()).iterator().hasNext()) {
              offsetsOnly[0] = s;
              return true;
            }
            return false;
          });
      // a user's maintenance: every snapshot before it expired (the ones with the rows' offsets)
      table.expireSnapshots().expireOlderThan(offsetsOnly[0].timestampMillis()).commit();
      table.refresh();
      assertThat(table.snapshot(offsetsOnly[0].parentId())).isNull();
    }
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 2)) {
      produced.addAll(producer.send(400, 200, 600, START, Duration.ofMinutes(10), 0.0));
    }
    // restarted: the offsets come from the snapshot of offsets, no row is read twice
    try (RunningSink sink = start(config, conf)) {
      awaitRows(lake, conf, produced.size(), sink);
    }
    TableLineage.assertExactlyOnce(produced, TableLineage.table(lake, conf));
  }

  @Test
  void offsetsGoneFromTheTableStopTheSinkInsteadOfReadingThePartitionsAgain(EmbeddedKafka kafka)
      throws Exception {
    String topic = "ice_gone";
    kafka.createTopic(topic, 2);
    URI lake = tmp.resolve("lake6").toUri();
    Configuration conf = new Configuration();
    SinkConfig config = config(kafka, lake, topic, ZoneId.of("UTC"));
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 2);
        RunningSink sink = start(config, conf)) {
      List<String> first = producer.send(0, 200, 400, START, Duration.ofMinutes(10), 0.0);
      awaitRows(lake, conf, first.size(), sink);
      // another writer's snapshot (no offsets), then every snapshot before it expired
      Table table = TableLineage.table(lake, conf);
      table.newAppend().commit();
      TableLineage.expireAllButCurrent(table);
      producer.send(200, 200, 400, START, Duration.ofMinutes(10), 0.0);
      Await.until(DEADLINE, "the sink stopped", () -> sink.failure().isPresent());
      assertThat(sink.failure().get())
          .hasMessageContaining("no snapshot of the table carries its offset any more");
      assertThat(TableLineage.rows(table)).hasSize(first.size());
    }
  }

  @Test
  void aCaughtUpPartitionWithoutNewRowsCommitsBeforeTheRotateAge(EmbeddedKafka kafka)
      throws Exception {
    String topic = "ice_quiet";
    kafka.createTopic(topic, 2);
    URI lake = tmp.resolve("lake3").toUri();
    Configuration conf = new Configuration();
    // neither records nor age fire within the test: only the file mode's quiet rule can commit
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "ice-" + topic)
            .rotateRecords(1_000_000)
            .rotateAge(Duration.ofMinutes(30))
            .quietCommit(Duration.ofSeconds(1))
            .build();
    List<String> produced;
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 2)) {
      produced = producer.send(0, 400, 400, START, Duration.ofMinutes(10), 0.0);
    }
    try (RunningSink sink = start(config, conf)) {
      awaitRows(lake, conf, produced.size(), sink);
    }
    TableLineage.assertExactlyOnce(produced, TableLineage.table(lake, conf));
  }
}
