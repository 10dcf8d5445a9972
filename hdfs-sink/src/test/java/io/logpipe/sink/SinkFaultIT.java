package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.support.Await;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.FaultyFileSystem;
import io.logpipe.sink.support.Lineage;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Transient failures while committing, injected into a real (local) file system under a real broker: with one
 * open writer allowed, every change of hour in a partition forces a commit (of its own batch or another
 * partition's, mid-poll), every fifth file close fails, and each failure rewinds its partition while rows are
 * staged for the worker threads. Nothing may be lost or duplicated.
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
  void commitsFailingWhileAnotherPartitionIsHandledLoseAndDuplicateNothing(EmbeddedKafka kafka) throws Exception {
    String topic = "curated_faults";
    // Runs of 60 events per hour, partitions in turn: each partition changes hour every 20 records.
    List<String> produced = produce(kafka, topic, 6_000, 60, 12);
    URI lake = lake("lake-faults-");
    SinkConfig config = SinkConfig.builder(kafka.bootstrapServers(), lake).topic(topic).groupId("faults")
        .maxOpenWriters(1).rotateAge(Duration.ofSeconds(1)).maxRetryTime(Duration.ofMinutes(5))
        // Small fetches, so that most polls hold records of several partitions.
        .consumerProperties(Map.of("max.partition.fetch.bytes", "1024"))
        .build();
    FaultyFileSystem.failEvery(5);
    assertExactlyOnce(config, produced, 20);
  }

  /**
   * Row groups flush while the workers write and the polling thread already routes the next poll, so failures
   * land on writers in use by a task, on files being opened while tasks run, and on commits: nothing is lost or
   * duplicated, and no file with a failed write is published.
   */
  @Test
  void writesFailingWhileTheNextPollIsRoutedLoseAndDuplicateNothing(EmbeddedKafka kafka) throws Exception {
    String topic = "curated_write_faults";
    List<String> produced = produce(kafka, topic, 30_000, 3_000, 6);
    URI lake = lake("lake-write-faults-");
    SinkConfig config = SinkConfig.builder(kafka.bootstrapServers(), lake).topic(topic).groupId("write-faults")
        .rowGroupBytes(64 * 1024).rotateRecords(2_000).rotateAge(Duration.ofSeconds(1))
        .maxRetryTime(Duration.ofMinutes(5)).workerThreads(2)
        .consumerProperties(Map.of("max.poll.records", "500"))
        .build();
    // About 160,000 block writes in all, about 10,000 per batch (Parquet's Thrift page headers go out in small
    // pieces): a fault every 15,000 hits most partitions several times, and a retried batch can get through.
    FaultyFileSystem.failWritesEvery(15_000);
    assertExactlyOnce(config, produced, 5);
  }

  /** Events {@code 0..total-1} in runs of {@code perHour} per event-time hour, cycling through {@code hours}. */
  private static List<String> produce(EmbeddedKafka kafka, String topic, int total, int perHour, int hours) {
    kafka.createTopic(topic, 3);
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3)) {
      for (int i = 0; i < total; i++) {
        produced.add(producer.sendAt(START.plus(Duration.ofHours((i / perHour) % hours)).plusMillis(i), i));
      }
      producer.flush();
    }
    return produced;
  }

  private static URI lake(String prefix) throws java.io.IOException {
    return URI.create(FaultyFileSystem.SCHEME + "://" + Files.createTempDirectory(prefix).toAbsolutePath());
  }

  /** Runs the sink with the armed faults until every row is committed, then reads the lake back. */
  private static void assertExactlyOnce(SinkConfig config, List<String> produced, int minFaults) throws Exception {
    Configuration conf = FaultyFileSystem.register(new Configuration());
    FaultyFileSystem.resetCount();
    try (HdfsSink sink = HdfsSink.start(config, conf, null)) {
      Await.until(Duration.ofMinutes(4), "faults injected and every row committed", () -> {
        assertThat(sink.failure()).isEmpty();
        return FaultyFileSystem.injected() >= minFaults && sink.counters().rowsCommitted() >= produced.size();
      });
    }
    FaultyFileSystem.failEvery(0);
    FaultyFileSystem.failWritesEvery(0);
    List<String> lakeRows = Lineage.readLake(config.lake(), conf);
    assertThat(Lineage.compare(produced, lakeRows)).isEqualTo(Map.of("lost", 0L, "duplicated", 0L));
    assertThat(lakeRows).hasSize(produced.size());
  }
}
