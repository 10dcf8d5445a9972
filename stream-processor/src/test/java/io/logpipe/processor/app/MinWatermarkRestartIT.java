package io.logpipe.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.testing.MixedLogLines;
import io.logpipe.processor.testing.TopicReader;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a real broker with three raw partitions, one ten minutes ahead of the other two: windows close on the
 * slowest partitions, and after a restart the final counter still knows how far each partition got (its
 * changelogged progress store), so windows close again as soon as the slow partitions move, without waiting for
 * the ahead partition to report or to go idle (the idle timeout is ten minutes here, far beyond the test).
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class MinWatermarkRestartIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int PARTITIONS = 3;

  @Test
  void windowsCloseOnTheSlowestPartitionAndItsProgressSurvivesARestart(EmbeddedKafka kafka) throws Exception {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    String app = "min-watermark-it" + suffix;
    String raw = "raw" + suffix;
    String counts = "counts" + suffix;
    String late = "late" + suffix;
    Map<String, String> overrides = Map.of(
        "application.id", app,
        "state.dir", Path.of(System.getProperty("java.io.tmpdir"), app).toString(),
        ProcessorConfig.RAW_TOPIC, raw,
        ProcessorConfig.CURATED_TOPIC, "curated" + suffix,
        ProcessorConfig.REJECTED_TOPIC, "rejected" + suffix,
        ProcessorConfig.STATUS_COUNTS_TOPIC, counts,
        ProcessorConfig.STATUS_COUNTS_LATE_TOPIC, late,
        ProcessorConfig.TOPIC_PARTITIONS, String.valueOf(PARTITIONS),
        ProcessorConfig.WATERMARK_IDLE_TIMEOUT, "10m");
    Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);

    try (StreamProcessor first = StreamProcessor.start(kafka.bootstrapServers(), overrides, null);
        var producer = producer(kafka)) {
      assertThat(first.awaitRunning(DEADLINE)).isTrue();
      for (int s = 0; s <= 600; s += 10) { // partition 0: ten minutes of events
        send(producer, raw, 0, t0.plusSeconds(s), 200);
      }
      for (int p = 1; p < PARTITIONS; p++) { // partitions 1 and 2: up to 10:01:40
        send(producer, raw, p, t0.plusSeconds(5), 404);
        send(producer, raw, p, t0.plusSeconds(100), 404);
      }
      producer.flush();
      try (var finals = new TopicReader<>(kafka.bootstrapServers(), counts, LogpipeSerdes.statusCount())) {
        assertThat(keys(finals.readAtLeast(2, DEADLINE))).as("10:00 closes at 10:01:30, on the slow partitions")
            .containsExactlyInAnyOrder(key(t0, 200), key(t0, 404));
      }
      awaitProcessed(kafka, app, List.of(raw, io.logpipe.processor.topology.LogTopology.countsRepartitionTopic(app)));
    } // a clean stop: the in-memory stores come back from their changelogs

    try (StreamProcessor second = StreamProcessor.start(kafka.bootstrapServers(), overrides, null);
        var producer = producer(kafka)) {
      assertThat(second.awaitRunning(DEADLINE)).isTrue();
      for (int p = 1; p < PARTITIONS; p++) {
        send(producer, raw, p, t0.plusSeconds(110), 404); // 10:01 is still open: the slow partitions hold it
        send(producer, raw, p, t0.plusSeconds(1200), 404); // 10:20: partition 0, restored at 10:10, is slowest
      }
      producer.flush();
      try (var finals = new TopicReader<>(kafka.bootstrapServers(), counts, LogpipeSerdes.statusCount());
          var lateCounts = new TopicReader<>(kafka.bootstrapServers(), late, LogpipeSerdes.statusCount())) {
        // 10:00 (200, 404) before the restart; 10:01 (200, 404) and 10:02..10:08 (200) after it.
        List<ConsumerRecord<String, StatusCount>> records = finals.readAtLeast(2 + 2 + 7, DEADLINE);
        records = finals.drain(Duration.ofSeconds(2));
        Map<String, Long> byKey = new HashMap<>();
        records.forEach(r -> assertThat(byKey.put(r.key(), r.value().getCount())).as("one final for " + r.key())
            .isNull());
        assertThat(byKey).containsEntry(key(t0, 200), 6L).containsEntry(key(t0, 404), 2L)
            .containsEntry(key(t0.plusSeconds(60), 404), 4L).containsEntry(key(t0.plusSeconds(60), 200), 6L)
            .containsEntry(key(t0.plusSeconds(480), 200), 6L)
            .doesNotContainKey(key(t0.plusSeconds(540), 200)); // closes at 10:10:30, past partition 0
        assertThat(lateCounts.drain(Duration.ofSeconds(1))).as("nothing late").isEmpty();
      }
    }
  }

  private static String key(Instant windowStart, int status) {
    return windowStart + "/" + status;
  }

  private static List<String> keys(List<ConsumerRecord<String, StatusCount>> records) {
    return records.stream().map(ConsumerRecord::key).toList();
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, Instant ts,
      int status) {
    producer.send(new ProducerRecord<>(topic, partition, null,
        MixedLogLines.json(ts, status, "/", "10.0.0.1", 1, 1).getBytes(StandardCharsets.UTF_8)));
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Until the application's committed offsets reach the end of {@code topics} (one short on the repartition
   * topic, whose last offset is a transaction marker) and the ends have not moved for a second, longer than the
   * partial counts' flush interval: then every stream-time report has been processed and committed.
   */
  private static void awaitProcessed(EmbeddedKafka kafka, String app, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long lastEnds = -1;
    long stableSince = System.nanoTime();
    try (Admin admin = kafka.admin()) {
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
          for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
          }
        }
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
            .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app)
            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long endSum = ends.values().stream().mapToLong(e -> e.offset()).sum();
        if (endSum != lastEnds) {
          lastEnds = endSum;
          stableSince = System.nanoTime();
        }
        List<TopicPartition> behind = new ArrayList<>();
        ends.forEach((tp, end) -> {
          OffsetAndMetadata c = committed.get(tp);
          long allowed = tp.topic().equals(topics.get(0)) ? 0 : 1;
          if (end.offset() > 0 && (c == null || end.offset() - c.offset() > allowed)) {
            behind.add(tp);
          }
        });
        if (behind.isEmpty() && System.nanoTime() - stableSince > Duration.ofSeconds(1).toNanos()) {
          return;
        }
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // pace the admin requests
      }
    }
    throw new AssertionError("the processor did not catch up with " + topics + " within " + DEADLINE);
  }
}
