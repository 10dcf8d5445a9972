package io.logpipe.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.embedded.testing.TopicRecords;
import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.TrafficGenerator;
import io.logpipe.ingest.produce.Compression;
import io.logpipe.ingest.produce.KeyMode;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class GeneratorIngestIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1); // byte-exact, also for the non-UTF-8 lines
  }

  @Test
  void hundredThousandGeneratedLinesAreAcknowledgedAndComeBackUnchanged(EmbeddedKafka kafka)
      throws Exception {
    String topic = "raw-100k";
    kafka.createTopic(topic, 3);
    GeneratorConfig config =
        GeneratorConfig.builder()
            .events(100_000)
            .seed(2026)
            .start(START)
            .span(Duration.ofHours(6))
            .lateFraction(0.02)
            .invalidFraction(0.01)
            .build();
    IngestRun run =
        IngestRun.generator(
            config,
            ProducerSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .build());
    Thread thread = new Thread(run, "ingest-run");
    thread.start();
    long seenLive = 0;
    IngestSummary summary;
    // Bounded: a hung run fails here with a message instead of blocking the build forever.
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while ((summary = run.awaitSummary(Duration.ofMillis(100))) == null) {
      seenLive =
          Math.max(seenLive, run.counters().acknowledged()); // counters readable while running
      if (System.nanoTime() - deadline > 0) {
        run.stop();
        org.assertj.core.api.Assertions.fail(
            "ingest run not finished after 5 minutes (%d acknowledged)",
            run.counters().acknowledged());
      }
    }
    thread.join();

    assertThat(summary.outcome()).as(summary.error()).isEqualTo(IngestSummary.Outcome.COMPLETED);
    assertThat(summary.sent()).isEqualTo(100_000);
    assertThat(summary.acknowledged()).isEqualTo(100_000);
    assertThat(summary.failed()).isZero();
    assertThat(summary.exitCode()).isZero();
    assertThat(seenLive).isBetween(0L, 100_000L);

    // The expected lines are recomputed from the config alone: the generator is deterministic.
    Map<String, Integer> expected = new HashMap<>();
    Map<String, Long> indexOf = new HashMap<>();
    for (GeneratedLine line : TrafficGenerator.lines(config).toList()) {
      expected.merge(text(line.bytes()), 1, Integer::sum);
      indexOf.putIfAbsent(text(line.bytes()), line.index());
    }
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(kafka.bootstrapServers(), topic, 100_000, DEADLINE);
    Map<String, Integer> actual = new HashMap<>();
    Map<Integer, Long> lastIndexPerPartition = new HashMap<>();
    int outOfOrder = 0;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String value = text(r.value());
      actual.merge(value, 1, Integer::sum);
      assertThat(r.key()).isNull();
      if (expected.get(value) != null && expected.get(value) == 1) {
        long idx = indexOf.get(value);
        Long last = lastIndexPerPartition.put(r.partition(), idx);
        outOfOrder += last != null && last > idx ? 1 : 0;
      }
    }
    assertThat(records).hasSize(100_000);
    assertThat(actual).isEqualTo(expected);
    assertThat(outOfOrder).as("lines out of generator order within a partition").isZero();
  }

  @Test
  void keyingByHostPutsEachHostInOnePartitionAndZstdWorks(EmbeddedKafka kafka) throws Exception {
    String topic = "raw-by-host";
    kafka.createTopic(topic, 4);
    GeneratorConfig config = GeneratorConfig.builder().events(5_000).seed(5).start(START).build();
    IngestRun run =
        IngestRun.generator(
            config,
            ProducerSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .keyMode(KeyMode.HOST)
                .compression(Compression.ZSTD)
                .build());
    run.run();
    assertThat(run.summary().acknowledged())
        .as(run.summary().render() + " / " + run.summary().error())
        .isEqualTo(5_000);

    Map<String, Integer> partitionOfHost = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicRecords.readAll(kafka.bootstrapServers(), topic, 5_000, DEADLINE)) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(text(r.value())).contains("\"host\":\"" + key + "\"");
      Integer previous = partitionOfHost.putIfAbsent(key, r.partition());
      assertThat(previous == null || previous == r.partition())
          .as("host %s in one partition", key)
          .isTrue();
    }
    assertThat(partitionOfHost.keySet())
        .containsExactlyInAnyOrderElementsOf(GeneratorConfig.DEFAULT_HOSTS);
  }

  @Test
  void stopFlushesWhatWasSentAndReportsIt(EmbeddedKafka kafka) throws Exception {
    String topic = "raw-stopped";
    kafka.createTopic(topic, 1);
    IngestRun run =
        IngestRun.generator(
            GeneratorConfig.builder().rate(20_000).seed(1).start(START).build(),
            ProducerSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .build());
    Thread thread = new Thread(run, "ingest-unlimited");
    thread.start();
    Await.until(DEADLINE, "2,000 acknowledged lines", () -> run.counters().acknowledged() >= 2_000);
    run.stop();
    IngestSummary summary = run.awaitSummary(Duration.ofSeconds(60));
    assertThat(summary).isNotNull();
    assertThat(summary.outcome()).isEqualTo(IngestSummary.Outcome.STOPPED);
    assertThat(summary.acknowledged()).isEqualTo(summary.sent()).isGreaterThanOrEqualTo(2_000);
    assertThat(TopicRecords.readAll(kafka.bootstrapServers(), topic, summary.sent(), DEADLINE))
        .hasSize((int) summary.sent());
  }
}
