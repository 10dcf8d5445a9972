package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.PartFileName;
import io.logpipe.sink.lake.LakeInspector;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.sink.support.Lineage;
import io.logpipe.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink in-process against a real KRaft broker and a real MiniDFSCluster. */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedHdfsExtension.class})
class HdfsSinkIT {

  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");
  private static final Duration LONG = Duration.ofMinutes(4);

  private static URI lake(EmbeddedHdfs hdfs, String name) {
    return URI.create(hdfs.uri() + "/datalake/" + name);
  }

  @Test
  void fiveHundredThousandEventsOverSixHoursLandExactlyOnce(EmbeddedKafka kafka, EmbeddedHdfs hdfs)
      throws Exception {
    String topic = "curated_e2e";
    kafka.createTopic(topic, 3);
    int total = 500_000;
    List<String> produced;
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3)) {
      produced = producer.send(0, total, total, START, Duration.ofHours(6), 0.05);
    }
    URI lake = lake(hdfs, "e2e");
    Configuration conf = hdfs.configuration();
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "e2e")
            .rotateRecords(60_000)
            .rotateAge(Duration.ofSeconds(5))
            .allowedLateness(Duration.ofMinutes(1))
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (HdfsSink sink = HdfsSink.start(config, conf, registry)) {
      InProcessSink.awaitCommitted(sink, total, LONG, "all rows committed");
      Await.until(
          Duration.ofSeconds(60), "5 hours complete", () -> sink.counters().hoursCompleted() >= 5);
      assertThat(registry.get("logpipe.sink.files.committed").functionCounter().count())
          .isPositive();
    }
    List<String> lakeRows = Lineage.assertExactlyOnce(produced, lake, conf);
    assertThat(lakeRows).hasSize(total);
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      assertThat(inspector.countCommittedRows()).isEqualTo(total);
      List<HourPartition> complete = inspector.completedHours();
      assertThat(complete)
          .hasSizeGreaterThanOrEqualTo(5)
          .first()
          .isEqualTo(new HourPartition(java.time.LocalDate.of(2025, 12, 24), 6));
      assertThat(inspector.unexpectedEntries()).isEmpty();
      List<Path> files = inspector.visibleFiles();
      assertThat(files)
          .allSatisfy(
              f -> {
                PartFileName name = PartFileName.parse(f.getName());
                assertThat(name).as(f.toString()).isNotNull();
                assertThat(name.topic()).isEqualTo(topic);
                assertThat(f.getName()).endsWith(".snappy.parquet");
              });
      // 6 hours, late events in earlier hours as separate files.
      assertThat(files.stream().map(f -> f.getParent().getName()).distinct()).hasSize(6);
    }
  }

  @Test
  void secondInstanceJoiningAndLeavingLosesAndDuplicatesNothing(
      EmbeddedKafka kafka, EmbeddedHdfs hdfs) throws Exception {
    String topic = "curated_rebalance";
    kafka.createTopic(topic, 3);
    URI lake = lake(hdfs, "rebalance");
    Configuration conf = hdfs.configuration();
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "rebalance")
            .rotateRecords(2_000)
            .rotateAge(Duration.ofSeconds(1))
            .build();
    int chunk = 10_000;
    int chunks = 6;
    long total = (long) chunk * chunks;
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3);
        HdfsSink first = HdfsSink.start(config, conf, null)) {
      produced.addAll(producer.send(0, chunk, total, START, Duration.ofHours(2), 0.05));
      Await.until(LONG, "first instance commits", () -> first.counters().rowsCommitted() > 0);
      HdfsSink second = HdfsSink.start(config, conf, null);
      try {
        // Produce only once the group has settled with both members: records that reach the first
        // instance
        // before the second is assigned would leave the second nothing to commit.
        Await.until(
            LONG,
            "the second instance owns a partition",
            () -> {
              long mine = second.counters().assignedPartitions();
              return mine > 0 && mine + first.counters().assignedPartitions() == 3;
            });
        for (int c = 1; c < 4; c++) {
          produced.addAll(
              producer.send((long) c * chunk, chunk, total, START, Duration.ofHours(2), 0.05));
        }
        Await.until(LONG, "second instance commits", () -> second.counters().rowsCommitted() > 0);
        produced.addAll(producer.send(4L * chunk, chunk, total, START, Duration.ofHours(2), 0.05));
      } finally {
        second.close(); // leaves the group mid-run, publishing what it holds
      }
      assertThat(second.failure()).isEmpty();
      produced.addAll(producer.send(5L * chunk, chunk, total, START, Duration.ofHours(2), 0.05));
      Await.until(
          LONG,
          "every row in the lake",
          () -> {
            return Lineage.committedRows(lake, conf) >= total;
          });
      assertThat(first.failure()).isEmpty();
    }
    Lineage.assertExactlyOnce(produced, lake, conf);
  }

  @Test
  void idleTopicPublishesFilesAndMarksTheHourWithinAgePlusLateness(
      EmbeddedKafka kafka, EmbeddedHdfs hdfs) throws Exception {
    String topic = "curated_idle";
    kafka.createTopic(topic, 3);
    URI lake = lake(hdfs, "idle");
    Configuration conf = hdfs.configuration();
    Duration age = Duration.ofSeconds(3);
    Duration lateness = Duration.ofSeconds(2);
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "idle")
            .rotateAge(age)
            .allowedLateness(lateness)
            .build();
    HourPartition hour = new HourPartition(java.time.LocalDate.of(2025, 3, 1), 10);
    Instant lastSecond = Instant.parse("2025-03-01T10:59:59Z");
    try (HdfsSink sink = HdfsSink.start(config, conf, null);
        EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3);
        FileSystem fs = FileSystem.newInstance(lake, conf)) {
      List<String> produced = new ArrayList<>();
      for (int i = 0; i < 999; i++) {
        produced.add(producer.sendAt(lastSecond.plusMillis(i), i));
      }
      producer.flush();
      Await.until(LONG, "rows read", () -> sink.counters().rowsWritten() >= 999);
      long readAt = System.nanoTime();
      Path success = new Path(lake + "/curated/" + hour.relativeDir() + "/_SUCCESS");
      Await.until(Duration.ofSeconds(60), "_SUCCESS", () -> fs.exists(success));
      Duration took = Duration.ofNanos(System.nanoTime() - readAt);
      // Bound: age + lateness plus generous slack (HDFS commit, GC, a loaded 2-core CI box). The
      // idle rule is
      // still proven: no record arrives after "rows read", so without it _SUCCESS would never
      // appear at all.
      assertThat(took).isLessThan(age.plus(lateness).plusSeconds(20));
      Lineage.assertExactlyOnce(produced, lake, conf);
      assertThat(sink.counters().openWriters()).isZero();
    }
  }

  @Test
  void corruptLeftoversInTheTempAreaDoNotBlockRestart(EmbeddedKafka kafka, EmbeddedHdfs hdfs)
      throws Exception {
    String topic = "curated_corrupt";
    kafka.createTopic(topic, 1);
    URI lake = lake(hdfs, "corrupt");
    Configuration conf = hdfs.configuration();
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "corrupt")
            .rotateRecords(1_000)
            .rotateAge(Duration.ofSeconds(1))
            .build();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 1);
        FileSystem fs = FileSystem.newInstance(lake, conf)) {
      produced.addAll(producer.send(0, 3_000, 6_000, START, Duration.ofHours(1), 0.0));
      try (HdfsSink sink = HdfsSink.start(config, conf, null)) {
        Await.until(LONG, "first rows", () -> sink.counters().rowsCommitted() >= 3_000);
      }
      // What a crash mid-write leaves behind: a truncated Parquet file and half a manifest.
      LakeLayout layout = new LakeLayout(lake);
      Path tmp = layout.tempDir(topic, 0);
      try (OutputStream out = fs.create(new Path(tmp, "dead-0.parquet"))) {
        out.write(new byte[] {'P', 'A', 'R', '1', 7, 7, 7});
      }
      try (OutputStream out = fs.create(new Path(tmp, "dead.commit.tmp"))) {
        out.write("{\"version\":1,\"commitId\":\"de".getBytes());
      }
      produced.addAll(producer.send(3_000, 3_000, 6_000, START, Duration.ofHours(1), 0.0));
      try (HdfsSink sink = HdfsSink.start(config, conf, null)) {
        InProcessSink.awaitCommitted(sink, 3_000, LONG, "rest of the rows");
      }
      assertThat(fs.exists(new Path(tmp, "dead-0.parquet"))).isFalse();
      assertThat(fs.exists(new Path(tmp, "dead.commit.tmp"))).isFalse();
    }
    Lineage.assertExactlyOnce(produced, lake, conf);
  }

  @Test
  void capOnOpenWritersCommitsEarlyIntoALocalDirectoryLake(EmbeddedKafka kafka) throws Exception {
    String topic = "curated_cap";
    kafka.createTopic(topic, 2);
    URI lake = java.nio.file.Files.createTempDirectory("lake-cap-").toUri();
    Configuration conf = new Configuration();
    int cap = 4;
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "cap")
            .maxOpenWriters(cap)
            .rotateRecords(1_000_000)
            .rotateAge(Duration.ofMinutes(5))
            .build();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 2)) {
      for (int i = 0; i < 20_000; i++) { // blocks of 500 events cycling through 12 hours
        produced.add(producer.sendAt(START.plus(Duration.ofHours(i / 500 % 12)).plusMillis(i), i));
      }
      producer.flush();
    }
    long maxOpen = 0;
    try (HdfsSink sink = HdfsSink.start(config, conf, null)) {
      long deadline = System.nanoTime() + LONG.toNanos();
      while (sink.counters().rowsWritten() < produced.size()) {
        assertThat(System.nanoTime()).as("rows written before the deadline").isLessThan(deadline);
        assertThat(sink.failure()).isEmpty();
        maxOpen = Math.max(maxOpen, sink.counters().openWriters());
        Thread.sleep(5); // sampling interval for the open-writers gauge
      }
      // Neither count nor age rotation can fire: every commit so far was forced by the cap.
      assertThat(sink.counters().commits()).isGreaterThan(10);
    }
    assertThat(maxOpen).isLessThanOrEqualTo(cap);
    Lineage.assertExactlyOnce(produced, lake, conf);
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      assertThat(inspector.unexpectedEntries()).isEmpty();
      assertThat(inspector.visibleFiles().stream().map(f -> f.getParent().getName()).distinct())
          .hasSize(12);
    }
  }

  /**
   * Rotation by bytes: with counts and age out of reach, the size each writer notes after its
   * worker's tasks commits a partition's files while the worker lanes are still writing later
   * polls' rows.
   */
  @Test
  void rotationByBytesCommitsFilesOfAboutTheConfiguredSizeIntoALocalDirectoryLake(
      EmbeddedKafka kafka) throws Exception {
    String topic = "curated_bytes";
    kafka.createTopic(topic, 1);
    URI lake = java.nio.file.Files.createTempDirectory("lake-bytes-").toUri();
    Configuration conf = new Configuration();
    long rotateBytes = 256 * 1024;
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "bytes")
            .rotateBytes(rotateBytes)
            .rotateRecords(10_000_000)
            .rotateAge(Duration.ofMinutes(10))
            .build();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 1)) {
      for (int i = 0; i < 40_000; i++) { // one hour
        produced.add(producer.sendAt(START.plusMillis(i * 50L), i));
      }
      producer.flush();
    }
    try (HdfsSink sink = HdfsSink.start(config, conf, null)) {
      Await.until(
          LONG,
          "rows written",
          () -> {
            assertThat(sink.failure()).isEmpty();
            return sink.counters().rowsWritten() >= produced.size();
          });
      assertThat(sink.counters().commits())
          .as("commits before close, all by bytes")
          .isGreaterThanOrEqualTo(3);
    }
    Lineage.assertExactlyOnce(produced, lake, conf);
    try (FileSystem fs = FileSystem.newInstance(lake, conf);
        LakeInspector inspector = LakeInspector.open(lake, conf)) {
      List<Path> files = inspector.visibleFiles();
      assertThat(files).hasSizeGreaterThanOrEqualTo(4);
      long total = 0;
      for (Path f : files) {
        total += fs.getFileStatus(f).getLen();
      }
      // A file may outgrow the limit by the rows in flight when the check fired (at most 20,000,
      // sizes noted
      // every 1,000 rows).
      long allowance = 21_000L * total / produced.size();
      for (Path f : files) {
        assertThat(fs.getFileStatus(f).getLen())
            .as("size of %s", f)
            .isLessThanOrEqualTo(rotateBytes + allowance);
      }
    }
  }

  /**
   * The sink's HDFS client asks again whether a closed file is complete after 25 ms, not Hadoop's
   * 400 ms (which cost most of a benchmark run into this cluster), unless the configuration sets
   * its own pacing.
   */
  @Test
  void theLakesHdfsClientRetriesClosesSoonUnlessConfiguredOtherwise(EmbeddedHdfs hdfs)
      throws Exception {
    URI lake = URI.create(hdfs.uri() + "/datalake/close-retries");
    try (FileSystem fs = HdfsSink.openLake(lake, hdfs.configuration())) {
      assertThat(
              ((org.apache.hadoop.hdfs.DistributedFileSystem) fs)
                  .getClient()
                  .getConf()
                  .getBlockWriteLocateFollowingInitialDelayMs())
          .isEqualTo(25);
    }
    Configuration own = hdfs.configuration();
    own.setInt(io.logpipe.sink.fs.HdfsCloseRetries.INITIAL_DELAY, 400);
    try (FileSystem fs = HdfsSink.openLake(lake, own)) {
      assertThat(
              ((org.apache.hadoop.hdfs.DistributedFileSystem) fs)
                  .getClient()
                  .getConf()
                  .getBlockWriteLocateFollowingInitialDelayMs())
          .isEqualTo(400);
    }
  }
}
