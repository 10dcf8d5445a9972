package io.logpipe.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.embedded.testing.GroupAssignments;
import io.logpipe.embedded.testing.TopicRecords;
import io.logpipe.processor.testing.MixedLogLines;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import io.logpipe.testkit.PacedLoop;
import io.logpipe.testkit.RestartMembership;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static membership of the processor, as separate OS processes (the shaded jar) on the real broker
 * while lines keep arriving: a SIGKILLed processor restarted with the same {@code --instance-id}
 * and state directory commits curated records again within seconds, and a SIGTERMed one hands its
 * tasks to the other running instance at once. Times are printed; every raw line must be curated
 * exactly once.
 *
 * <p>Which records the restarted (or remaining) instance wrote: those of raw offsets the stopped
 * one never saw, i.e. at or beyond each partition's end offset when it was gone.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ProcessorRestartIT {

  private static final int PARTITIONS = 3;
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void killedProcessorRestartedAsTheSameInstanceCommitsWithinSeconds(EmbeddedKafka kafka)
      throws Exception {
    String app = "restart-kill";
    String raw = createTopics(kafka, app);
    try (Lines lines = Lines.start(kafka, raw);
        Admin admin = kafka.admin();
        TopicRecords<String, LogEvent> curated = curatedReader(kafka, app)) {
      Process first = startProcessor(kafka, app, raw, "p-a", "a-1");
      try {
        awaitCurated(curated, first, r -> true, "first curated records");
      } finally {
        // The member stays in the group until its session expires.
        assertThat(ChildJvm.kill(first, Duration.ofSeconds(30))).isTrue();
      }
      Map<Integer, Long> unseen = endOffsets(admin, raw);

      long restart = System.nanoTime();
      Process again = startProcessor(kafka, app, raw, "p-a", "a-2");
      try {
        awaitCurated(
            curated, again, beyond(unseen), "a record committed by the restarted processor");
        System.out.printf(
            RestartMembership.label()
                + "processor SIGKILL -> restart as the same instance -> first curated record: %,d ms%n",
            millisSince(restart));
        lines.stop();
        assertExactlyOnce(curated, lines, again);
      } finally {
        stop(again);
      }
    }
  }

  @Test
  void cleanlyStoppedProcessorHandsItsTasksToTheOtherAtOnce(EmbeddedKafka kafka) throws Exception {
    String app = "restart-term";
    String raw = createTopics(kafka, app);
    try (Lines lines = Lines.start(kafka, raw);
        Admin admin = kafka.admin();
        TopicRecords<String, LogEvent> curated = curatedReader(kafka, app)) {
      Process leaving = startProcessor(kafka, app, raw, "p-a", "a");
      awaitCurated(curated, leaving, r -> true, "first curated records");
      Process staying = startProcessor(kafka, app, raw, "p-b", "b");
      try {
        Await.until(
            DEADLINE,
            "both processors in the group, the first owning raw partitions",
            () -> {
              assertThat(leaving.isAlive() && staying.isAlive())
                  .as("both alive, see their logs")
                  .isTrue();
              Map<String, Set<Integer>> owned = rawOwnership(admin, app, raw);
              return owned.containsKey("p-b") && !owned.getOrDefault("p-a", Set.of()).isEmpty();
            });
        Set<Integer> handedOver = rawOwnership(admin, app, raw).get("p-a");

        long term = System.nanoTime();
        // SIGTERM: commits, then leaves the group
        assertThat(ChildJvm.stop(leaving, Duration.ofSeconds(60)))
            .as("stopped within 60 s of SIGTERM")
            .isTrue();
        long exited = millisSince(term);
        Map<Integer, Long> unseen = endOffsets(admin, raw);
        unseen.keySet().retainAll(handedOver);
        Await.until(
            DEADLINE,
            "p-b owns every raw partition",
            () -> rawOwnership(admin, app, raw).getOrDefault("p-b", Set.of()).size() == PARTITIONS);
        long owned = millisSince(term);
        awaitCurated(curated, staying, beyond(unseen), "p-b commits a partition it took over");
        System.out.printf(
            RestartMembership.label()
                + "processor SIGTERM with a second instance running: stopped after %,d ms, the other owns"
                + " all %d raw partitions after %,d ms, commits one of them after %,d ms%n",
            exited,
            PARTITIONS,
            owned,
            millisSince(term));
        lines.stop();
        assertExactlyOnce(curated, lines, staying);
      } finally {
        leaving.destroyForcibly();
        stop(staying);
      }
    }
  }

  /**
   * Curated records of raw offsets at or beyond {@code unseen} (raw partition -> end offset),
   * absent ones never.
   */
  private static Predicate<LogEvent> beyond(Map<Integer, Long> unseen) {
    return e -> e.getRawOffset() >= unseen.getOrDefault(e.getRawPartition(), Long.MAX_VALUE);
  }

  private static void awaitCurated(
      TopicRecords<String, LogEvent> curated,
      Process processor,
      Predicate<LogEvent> which,
      String what)
      throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    int from = 0;
    while (true) {
      assertThat(processor.isAlive()).as("processor alive while waiting for " + what).isTrue();
      assertThat(System.nanoTime()).as(what + " within " + DEADLINE).isLessThan(end);
      List<ConsumerRecord<String, LogEvent>> all = curated.poll();
      for (int i = from; i < all.size(); i++) {
        if (which.test(all.get(i).value())) {
          return;
        }
      }
      from = all.size();
    }
  }

  private static void assertExactlyOnce(
      TopicRecords<String, LogEvent> curated, Lines lines, Process processor)
      throws InterruptedException {
    long total = lines.sent();
    assertThat(processor.isAlive()).isTrue();
    List<ConsumerRecord<String, LogEvent>> records =
        curated.readAtLeast(total, Duration.ofMinutes(2));
    records = curated.drain(Duration.ofSeconds(1));
    Set<String> lineage = new HashSet<>();
    for (var r : records) {
      assertThat(lineage.add(r.value().getRawPartition() + "@" + r.value().getRawOffset()))
          .as("raw line %s@%s curated once", r.value().getRawPartition(), r.value().getRawOffset())
          .isTrue();
    }
    assertThat(records).as("every raw line curated (all are valid)").hasSize((int) total);
  }

  /**
   * Raw partitions each member owns, by its client id (the instance id here; Streams adds the
   * thread's name).
   */
  private static Map<String, Set<Integer>> rawOwnership(Admin admin, String app, String raw)
      throws Exception {
    Map<String, Set<Integer>> owned = new HashMap<>();
    GroupAssignments.byClientId(admin, app)
        .forEach(
            (clientId, partitions) ->
                owned
                    .computeIfAbsent(
                        clientId.replaceFirst("-StreamThread-.*$", ""), k -> new HashSet<>())
                    .addAll(
                        partitions.stream()
                            .filter(tp -> tp.topic().equals(raw))
                            .map(TopicPartition::partition)
                            .collect(Collectors.toSet())));
    return owned;
  }

  private static Map<Integer, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends;
  }

  /** The raw and the curated topic of {@code app}; returns the raw topic's name. */
  private static String createTopics(EmbeddedKafka kafka, String app) {
    String raw = app + "-raw";
    kafka.createTopic(raw, PARTITIONS);
    kafka.createTopic(
        app + "-curated", PARTITIONS); // before the processor: the reader starts first
    return raw;
  }

  private static TopicRecords<String, LogEvent> curatedReader(EmbeddedKafka kafka, String app) {
    return TopicRecords.withStringKeys(
        kafka.bootstrapServers(), app + "-curated", LogpipeSerdes.logEvent());
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void stop(Process processor) throws InterruptedException {
    ChildJvm.stop(processor, Duration.ofSeconds(60));
  }

  private Process startProcessor(
      EmbeddedKafka kafka, String app, String raw, String instanceId, String logName)
      throws Exception {
    Path jar = Path.of(System.getProperty("logpipe.processor.jar"));
    assertThat(jar).as("shaded jar (built in the package phase)").exists();
    return ChildJvm.jar(jar)
        .options("-Xmx384m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"))
        .args(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--application-id",
            app,
            // Each instance keeps its state directory across restarts, as a deployment does.
            "--state-dir",
            tmp.resolve("state-" + instanceId).toString(),
            "-X",
            "client.id=" + instanceId,
            "--partitions",
            String.valueOf(PARTITIONS),
            "-X",
            "logpipe.topic.raw=" + raw,
            "-X",
            "logpipe.topic.curated=" + app + "-curated",
            "-X",
            "logpipe.topic.rejected=" + app + "-rejected",
            "-X",
            "logpipe.topic.status-counts=" + app + "-counts",
            "-X",
            "logpipe.topic.status-counts-late=" + app + "-counts-late")
        .args(RestartMembership.options(instanceId))
        .start(tmp.resolve("processor-" + logName + ".log"));
  }

  /**
   * Valid JSON lines at about 1,500 a second, round-robin over the raw partitions, until stopped:
   * the processors work while they are killed and stopped.
   */
  private static final class Lines implements AutoCloseable {
    private final AtomicLong sent = new AtomicLong();
    private final KafkaProducer<byte[], byte[]> producer;
    private final PacedLoop loop;

    private Lines(EmbeddedKafka kafka, String topic) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
      loop =
          PacedLoop.start(
              "restart-test-lines",
              Duration.ofMillis(100),
              () -> {
                long n = sent.get();
                for (int i = 0; i < 150; i++, n++) {
                  byte[] line =
                      MixedLogLines.json(Instant.now(), 200, "/p/" + n, "10.0.0.1", 100, 5)
                          .getBytes(StandardCharsets.UTF_8);
                  producer.send(new ProducerRecord<>(topic, (int) (n % PARTITIONS), null, line));
                }
                producer.flush();
                sent.set(n);
              });
    }

    static Lines start(EmbeddedKafka kafka, String topic) {
      return new Lines(kafka, topic);
    }

    /** Lines acknowledged so far. */
    long sent() {
      return sent.get();
    }

    void stop() throws InterruptedException {
      loop.stop();
    }

    @Override
    public void close() throws InterruptedException {
      try (producer) {
        loop.stop();
      }
    }
  }
}
