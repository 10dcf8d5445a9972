package io.logpipe.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.embedded.testing.TopicRecords;
import io.logpipe.processor.testing.MixedLogLines;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectedLine;
import io.logpipe.schemas.StatusCount;
import io.logpipe.schemas.Topics;
import io.logpipe.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200,000 mixed lines (about 3% invalid) through the real application (the shaded jar, in a child
 * JVM) with exactly-once v2, killed hard midway and restarted.
 *
 * <p>The hard stop is {@code Process.destroyForcibly()}, i.e. SIGKILL: no shutdown hook runs, Kafka
 * Streams neither commits nor aborts its open transaction nor leaves the group, and the local state
 * directory is left as the crash found it. The restarted JVM reuses application id and state
 * directory, so it must fence the dead instance's transaction, restore state from changelogs and
 * continue from the last committed offsets. A {@code read_committed} reader must then see every raw
 * line exactly once, as curated or rejected, and exactly one final count per window and status,
 * summing to the curated events.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ExactlyOnceRestartIT {

  private static final int LINES = 200_000;
  private static final int RAW_PARTITIONS = 3;
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @Test
  void twoHundredThousandLinesExactlyOnceAcrossAHardStop(EmbeddedKafka kafka) throws Exception {
    kafka.createTopic(Topics.RAW, RAW_PARTITIONS);
    // Event times two hours back: the windows of the data close only when the final sentinel (at
    // "now") arrives.
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
    List<MixedLogLines.Line> lines = MixedLogLines.generate(LINES, start, 5_000, 7);
    // Raw coordinates -> line: lines go round-robin to partitions, so offsets are known in advance.
    Map<Integer, List<MixedLogLines.Line>> byPartition = new HashMap<>();
    produce(kafka, lines, byPartition);
    long validLines = lines.stream().filter(MixedLogLines.Line::valid).count();
    assertThat(LINES - validLines)
        .as("invalid lines")
        .isBetween(LINES * 2L / 100, LINES * 4L / 100);

    Path work = Path.of(System.getProperty("java.io.tmpdir"), "eos-" + UUID.randomUUID());
    Files.createDirectories(work);
    Path config = writeConfig(kafka, work);

    // First run: killed with SIGKILL once a good part, but not all, of the output is committed.
    Process first = startChild(config, work.resolve("run1.log"));
    long committedAtKill;
    // The child JVM creates the topic: the reader looks for it on each poll, within the deadline.
    try (TopicRecords<String, byte[]> curated =
        TopicRecords.withStringKeys(
            kafka.bootstrapServers(), Topics.CURATED, new ByteArrayDeserializer())) {
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (curated.poll().size() < 50_000) {
        assertThat(first.isAlive()).as("first run alive; see " + work.resolve("run1.log")).isTrue();
        assertThat(System.nanoTime()).as("first run progress").isLessThan(end);
      }
      assertThat(ChildJvm.kill(first, Duration.ofSeconds(30))).isTrue();
      committedAtKill = curated.poll().size();
    } finally {
      first.destroyForcibly(); // no orphan JVM if an assertion above failed
    }
    assertThat(committedAtKill).as("killed midway").isLessThan(validLines);

    // Second run on the same state directory and application id.
    Process second = startChild(config, work.resolve("run2.log"));
    try {
      List<ConsumerRecord<String, LogEvent>> curated;
      List<ConsumerRecord<String, RejectedLine>> rejected;
      try (var curatedReader =
              TopicRecords.withStringKeys(
                  kafka.bootstrapServers(), Topics.CURATED, LogpipeSerdes.logEvent());
          var rejectedReader =
              TopicRecords.withStringKeys(
                  kafka.bootstrapServers(), Topics.REJECTED, LogpipeSerdes.rejectedLine())) {
        curated = curatedReader.readAtLeast(validLines, DEADLINE);
        rejected = rejectedReader.readAtLeast(LINES - validLines, DEADLINE);
        curatedReader.drain(Duration.ofSeconds(2));
        rejectedReader.drain(Duration.ofSeconds(1));
      }
      assertThat(curated.size() + rejected.size()).as("raw = curated + rejected").isEqualTo(LINES);

      Set<String> seen = new HashSet<>();
      for (var r : curated) {
        LogEvent e = r.value();
        assertThat(seen.add(e.getRawPartition() + "@" + e.getRawOffset()))
            .as("curated lineage %s@%s appears once", e.getRawPartition(), e.getRawOffset())
            .isTrue();
        MixedLogLines.Line line = byPartition.get(e.getRawPartition()).get((int) e.getRawOffset());
        assertThat(line.valid()).isTrue();
        assertThat(e.getTs()).isEqualTo(line.ts());
        assertThat(e.getStatus()).isEqualTo(line.status());
      }
      for (var r : rejected) {
        RejectedLine d = r.value();
        assertThat(seen.add(d.getRawPartition() + "@" + d.getRawOffset()))
            .as("rejected lineage once")
            .isTrue();
        MixedLogLines.Line line = byPartition.get(d.getRawPartition()).get((int) d.getRawOffset());
        assertThat(d.getReason()).isEqualTo(line.expectedReason());
      }

      // Close every window: events far later than the data on every raw partition, since windows
      // close on the slowest partition's progress (without one on each, the others would close
      // them only after the idle timeout); 100 statuses, so every status's final counter sees it.
      Instant later = Instant.now();
      try (var producer = producer(kafka)) {
        for (int status = 200; status < 300; status++) {
          producer.send(
              new ProducerRecord<>(
                  Topics.RAW,
                  status % RAW_PARTITIONS,
                  null,
                  MixedLogLines.json(later, status, "/", "10.0.0.1", 1, 1)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
      }
      Map<String, Long> expected = new HashMap<>();
      for (MixedLogLines.Line line : lines) {
        if (line.valid()) {
          expected.merge(
              line.ts().truncatedTo(ChronoUnit.MINUTES) + "/" + line.status(), 1L, Long::sum);
        }
      }
      Map<String, Long> finals = new HashMap<>();
      try (var counts =
          TopicRecords.withStringKeys(
              kafka.bootstrapServers(), Topics.STATUS_COUNTS, LogpipeSerdes.statusCount())) {
        List<ConsumerRecord<String, StatusCount>> records =
            counts.readAtLeast(expected.size(), DEADLINE);
        records = counts.drain(Duration.ofSeconds(3));
        for (var r : records) {
          assertThat(r.value().getFinal$()).isTrue();
          assertThat(finals.put(r.key(), r.value().getCount()))
              .as("one final record for " + r.key())
              .isNull();
        }
      }
      assertThat(finals).isEqualTo(expected);
      assertThat(finals.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(validLines);
    } finally {
      // Graceful stop: SIGTERM runs the shutdown hook, which closes Kafka Streams.
      if (!ChildJvm.stop(second, Duration.ofSeconds(90))) {
        throw new AssertionError("second run did not stop within 90 s of SIGTERM");
      }
    }
    assertThat(Files.readString(work.resolve("run2.log"))).contains("Stream processor stopped");
  }

  private static void produce(
      EmbeddedKafka kafka,
      List<MixedLogLines.Line> lines,
      Map<Integer, List<MixedLogLines.Line>> byPartition) {
    try (var producer = producer(kafka)) {
      for (int i = 0; i < lines.size(); i++) {
        int p = i % RAW_PARTITIONS;
        byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(lines.get(i));
        producer.send(new ProducerRecord<>(Topics.RAW, p, null, lines.get(i).bytes()));
      }
      producer.flush();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static Path writeConfig(EmbeddedKafka kafka, Path work) throws IOException {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("application.id", "eos-restart-it");
    p.put("state.dir", work.resolve("state").toString());
    p.put("logpipe.topics.partitions", "3");
    // The three raw partitions' tasks run at their own pace, and after the kill they resume from
    // their own committed points, so event time on the status-keyed repartition topic jumps back
    // by minutes. With the default grace every event must still count in its window: windows close
    // on the slowest partition's progress, which the window counter keeps in its store across the
    // kill ("sum of final counts = curated" must hold exactly, with nothing late).
    // A dead member should leave the group quickly so that the restart does not wait 45 s for it.
    p.put("main.consumer.session.timeout.ms", "6000");
    p.put("main.consumer.heartbeat.interval.ms", "1000");
    Path file = work.resolve("app.properties");
    try (var out = Files.newOutputStream(file)) {
      p.store(out, "ExactlyOnceRestartIT");
    }
    return file;
  }

  private static Process startChild(Path config, Path log) throws IOException {
    Path jar = Path.of(System.getProperty("logpipe.processor.jar"));
    assertThat(jar).as("shaded jar (built in the package phase)").exists();
    return ChildJvm.jar(jar)
        .options("-Xmx512m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"))
        .args("--config", config.toString())
        .start(log);
  }
}
