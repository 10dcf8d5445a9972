package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.FaultyFileSystem;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.sink.support.Lineage;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transient failures while committing, injected into a real (local) file system under a real
 * broker: with one open writer allowed, every change of hour in a partition forces a commit (of its
 * own batch or another partition's, mid-poll), every fifth file close fails, and each failure
 * rewinds its partition while rows are staged for the worker threads. Nothing may be lost or
 * duplicated.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SinkFaultIT {

  private static final Instant START = Instant.parse("2025-12-24T00:00:00Z");

  @AfterEach
  void disarm() {
    FaultyFileSystem.failEvery(0);
    FaultyFileSystem.failWritesEvery(0);
  }

  @Test
  void commitsFailingWhileAnotherPartitionIsHandledLoseAndDuplicateNothing(EmbeddedKafka kafka)
      throws Exception {
    String topic = "curated_faults";
    // Runs of 60 events per hour, partitions in turn: each partition changes hour every 20 records.
    List<String> produced = produce(kafka, topic, 6_000, 60, 12);
    URI lake = lake("lake-faults-");
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "faults")
            .maxOpenWriters(1)
            .rotateAge(Duration.ofSeconds(1))
            .maxRetryTime(Duration.ofMinutes(5))
            // Small fetches, so that most polls hold records of several partitions.
            .consumerProperties(Map.of("max.partition.fetch.bytes", "1024"))
            .build();
    FaultyFileSystem.failEvery(5);
    assertExactlyOnce(config, produced, 20);
  }

  /**
   * Row groups flush while the workers write and the polling thread already routes the next poll,
   * so failures land on writers in use by a task, on files being opened while tasks run, and on
   * commits: nothing is lost or duplicated, and no file with a failed write is published.
   */
  @Test
  void writesFailingWhileTheNextPollIsRoutedLoseAndDuplicateNothing(EmbeddedKafka kafka)
      throws Exception {
    String topic = "curated_write_faults";
    List<String> produced = produce(kafka, topic, 30_000, 3_000, 6);
    URI lake = lake("lake-write-faults-");
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "write-faults")
            .rowGroupBytes(64 * 1024)
            .rotateRecords(2_000)
            .rotateAge(Duration.ofSeconds(1))
            .maxRetryTime(Duration.ofMinutes(5))
            .workerThreads(2)
            .consumerProperties(Map.of("max.poll.records", "500"))
            .build();
    // About 160,000 block writes in all, about 10,000 per batch (Parquet's Thrift page headers go
    // out in small
    // pieces): a fault every 15,000 hits most partitions several times, and a retried batch can get
    // through.
    FaultyFileSystem.failWritesEvery(15_000);
    assertExactlyOnce(config, produced, 5);
  }

  /**
   * A failed commit throws away rows the sink had read. Until they are read again, no {@code
   * _SUCCESS} may be written for their hours: events in order, no late ones, so any row written
   * into an hour after its marker (counted in {@code logpipe.sink.rows.after.success}) is a row the
   * marker's promise left out.
   */
  @Test
  void noHourIsMarkedCompleteWhileRowsOfItThatFailedToCommitAreNotReadAgain(EmbeddedKafka kafka)
      throws Exception {
    String topic = "curated_success_faults";
    kafka.createTopic(topic, 3);
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3)) {
      // 12 event-time hours in order, 1,500 events an hour spread over the three partitions.
      for (int i = 0; i < 18_000; i++) {
        produced.add(producer.sendAt(START.plusMillis(i * 2_400L), i));
      }
      producer.flush();
    }
    URI lake = lake("lake-success-faults-");
    // Batches of 1,000 records span two or three hours (500 a partition an hour), the watermark
    // passes an hour's
    // end as soon as every partition has read past it (no lateness, no idle advance), and every
    // fifth file close
    // fails, so a batch that fails holds rows of an hour the other partitions have already left.
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "success-faults")
            .rotateRecords(1_000)
            .rotateAge(Duration.ofSeconds(10))
            .allowedLateness(Duration.ZERO)
            .idleTimeout(Duration.ofMinutes(10))
            .maxRetryTime(Duration.ofMinutes(5))
            .consumerProperties(
                Map.of("max.poll.records", "200", "max.partition.fetch.bytes", "8192"))
            .build();
    Configuration conf = FaultyFileSystem.register(new Configuration());
    FaultyFileSystem.resetCount();
    FaultyFileSystem.failEvery(5);
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (HdfsSink sink = HdfsSink.start(config, conf, registry)) {
      Await.until(
          Duration.ofMinutes(4),
          "faults injected, every row committed, hours completed",
          () -> {
            assertThat(sink.failure()).isEmpty();
            if (FaultyFileSystem.injected() >= 6) {
              FaultyFileSystem.failEvery(
                  0); // enough: the retries' growing back-off would only make the test slow
            }
            return FaultyFileSystem.injected() >= 6
                && sink.counters().rowsCommitted() >= produced.size()
                && sink.counters().hoursCompleted() >= 10;
          });
    }
    FaultyFileSystem.failEvery(0);
    double afterSuccess = registry.get("logpipe.sink.rows.after.success").functionCounter().count();
    assertThat(afterSuccess).as("rows written into an hour after its _SUCCESS").isZero();
    Lineage.assertExactlyOnce(produced, config.lake(), conf);
  }

  /**
   * Events {@code 0..total-1} in runs of {@code perHour} per event-time hour, cycling through
   * {@code hours}.
   */
  private static List<String> produce(
      EmbeddedKafka kafka, String topic, int total, int perHour, int hours) {
    kafka.createTopic(topic, 3);
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3)) {
      for (int i = 0; i < total; i++) {
        produced.add(
            producer.sendAt(START.plus(Duration.ofHours((i / perHour) % hours)).plusMillis(i), i));
      }
      producer.flush();
    }
    return produced;
  }

  private static URI lake(String prefix) throws java.io.IOException {
    return URI.create(
        FaultyFileSystem.SCHEME + "://" + Files.createTempDirectory(prefix).toAbsolutePath());
  }

  /** Runs the sink with the armed faults until every row is committed, then reads the lake back. */
  private static void assertExactlyOnce(SinkConfig config, List<String> produced, int minFaults)
      throws Exception {
    Configuration conf = FaultyFileSystem.register(new Configuration());
    FaultyFileSystem.resetCount();
    try (HdfsSink sink = HdfsSink.start(config, conf, null)) {
      Await.until(
          Duration.ofMinutes(4),
          "faults injected and every row committed",
          () -> {
            assertThat(sink.failure()).isEmpty();
            return FaultyFileSystem.injected() >= minFaults
                && sink.counters().rowsCommitted() >= produced.size();
          });
    }
    FaultyFileSystem.failEvery(0);
    FaultyFileSystem.failWritesEvery(0);
    List<String> lakeRows = Lineage.assertExactlyOnce(produced, config.lake(), conf);
    assertThat(lakeRows).hasSize(produced.size());
  }
}
