package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.PartFileName;
import io.logpipe.sink.app.HdfsSinkMain;
import io.logpipe.sink.lake.LakeInspector;
import io.logpipe.sink.support.Await;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.Lineage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static membership of the sink, as separate OS processes on the real broker while events keep
 * arriving: a SIGKILLed sink restarted with the same {@code --instance-id} publishes again within
 * seconds (not after the dead member's session), and a SIGTERMed one hands its partitions to the
 * other running sink at once. Times are printed; the guarantees (every event exactly once in the
 * lake) are asserted.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SinkRestartIT {

  private static final int PARTITIONS = 3;
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  /**
   * {@code -Drestart.membership=dynamic}: the same runs as before static membership, for
   * BENCHMARKS.md.
   */
  private static final boolean DYNAMIC = "dynamic".equals(System.getProperty("restart.membership"));

  @TempDir Path tmp;

  @Test
  void killedSinkRestartedAsTheSameInstancePublishesWithinSeconds(EmbeddedKafka kafka)
      throws Exception {
    String topic = "curated_restart_kill";
    kafka.createTopic(topic, PARTITIONS);
    URI lake = tmp.resolve("lake").toUri();
    try (Traffic traffic = Traffic.start(kafka, topic)) {
      Process first = startSink(kafka, lake, topic, "kill", "sink-a", "a-1");
      try {
        awaitFiles(lake, Set.of(), first, "first publication");
      } finally {
        first.destroyForcibly(); // SIGKILL: no commit, no LeaveGroup; the member stays until its
        // session expires
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      Set<String> before = visibleFiles(lake);

      long restart = System.nanoTime();
      Process again = startSink(kafka, lake, topic, "kill", "sink-a", "a-2");
      try {
        awaitFiles(lake, before, again, "a file published by the restarted sink");
        System.out.printf(
            (DYNAMIC ? "[dynamic membership] " : "")
                + "sink SIGKILL -> restart as the same instance -> first published file: %,d ms%n",
            millisSince(restart));
        traffic.stop();
        assertExactlyOnce(lake, traffic, again);
      } finally {
        stop(again);
      }
    }
  }

  @Test
  void cleanlyStoppedSinkHandsItsPartitionsToTheOtherAtOnce(EmbeddedKafka kafka) throws Exception {
    String topic = "curated_restart_term";
    String group = "term";
    kafka.createTopic(topic, PARTITIONS);
    URI lake = tmp.resolve("lake").toUri();
    try (Traffic traffic = Traffic.start(kafka, topic);
        Admin admin = kafka.admin()) {
      Process leaving = startSink(kafka, lake, topic, group, "sink-a", "a");
      Process staying = startSink(kafka, lake, topic, group, "sink-b", "b");
      try {
        Await.until(
            DEADLINE,
            "both sinks own partitions",
            () -> {
              assertThat(leaving.isAlive() && staying.isAlive())
                  .as("both sinks alive, see their logs")
                  .isTrue();
              Map<String, Set<TopicPartition>> owned = ownership(admin, group);
              return !owned.getOrDefault("sink-a", Set.of()).isEmpty()
                  && !owned.getOrDefault("sink-b", Set.of()).isEmpty();
            });
        awaitFiles(lake, Set.of(), staying, "first publication");
        Set<Integer> handedOver =
            ownership(admin, group).get("sink-a").stream()
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());

        long term = System.nanoTime();
        leaving.destroy(); // SIGTERM: publishes what it holds, then leaves the group
        assertThat(leaving.waitFor(60, TimeUnit.SECONDS))
            .as("stopped within 60 s of SIGTERM")
            .isTrue();
        long exited = millisSince(term);
        Set<String> atExit = visibleFiles(lake);
        Await.until(
            DEADLINE,
            "sink-b owns every partition",
            () -> ownership(admin, group).getOrDefault("sink-b", Set.of()).size() == PARTITIONS);
        long owned = millisSince(term);
        Await.until(
            DEADLINE,
            "sink-b publishes a partition it took over",
            () -> {
              assertThat(staying.isAlive()).isTrue();
              return visibleFiles(lake).stream()
                  .filter(f -> !atExit.contains(f))
                  .anyMatch(f -> handedOver.contains(PartFileName.parse(f).partition()));
            });
        System.out.printf(
            (DYNAMIC ? "[dynamic membership] " : "")
                + "sink SIGTERM with a second sink running: stopped after %,d ms, the other owns all %d"
                + " partitions after %,d ms, publishes one of them after %,d ms%n",
            exited,
            PARTITIONS,
            owned,
            millisSince(term));
        traffic.stop();
        assertExactlyOnce(lake, traffic, staying);
      } finally {
        leaving.destroyForcibly();
        stop(staying);
      }
    }
  }

  /**
   * Each sink member's partitions, by client id (the instance id here, also with dynamic
   * membership).
   */
  private static Map<String, Set<TopicPartition>> ownership(Admin admin, String group)
      throws Exception {
    org.apache.kafka.clients.admin.ConsumerGroupDescription description;
    try {
      description =
          admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
        return Map.of(); // no member has joined yet
      }
      throw e;
    }
    return description.members().stream()
        .collect(
            Collectors.toMap(MemberDescription::clientId, SinkRestartIT::partitions, (x, y) -> x));
  }

  private static Set<TopicPartition> partitions(MemberDescription m) {
    return m.assignment().topicPartitions();
  }

  private static void awaitFiles(URI lake, Set<String> before, Process sink, String what)
      throws Exception {
    Await.until(
        DEADLINE,
        what,
        () -> {
          assertThat(sink.isAlive()).as("sink alive while waiting for " + what).isTrue();
          return visibleFiles(lake).stream().anyMatch(f -> !before.contains(f));
        });
  }

  private static Set<String> visibleFiles(URI lake) throws Exception {
    try (LakeInspector inspector = LakeInspector.open(lake, new Configuration())) {
      return inspector.visibleFiles().stream()
          .map(org.apache.hadoop.fs.Path::getName)
          .collect(Collectors.toSet());
    }
  }

  private static void assertExactlyOnce(URI lake, Traffic traffic, Process sink) throws Exception {
    long total = traffic.produced().size();
    Await.until(
        Duration.ofMinutes(2),
        "all " + total + " events in the lake",
        () -> {
          assertThat(sink.isAlive()).isTrue();
          try (LakeInspector inspector = LakeInspector.open(lake, new Configuration())) {
            return inspector.countCommittedRows() >= total;
          }
        });
    List<String> rows = Lineage.readLake(lake, new Configuration());
    assertThat(Lineage.compare(traffic.produced(), rows))
        .isEqualTo(Map.of("lost", 0L, "duplicated", 0L));
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void stop(Process sink) throws InterruptedException {
    sink.destroy();
    if (!sink.waitFor(60, TimeUnit.SECONDS)) {
      sink.destroyForcibly();
    }
  }

  private Process startSink(
      EmbeddedKafka kafka, URI lake, String topic, String group, String instanceId, String logName)
      throws Exception {
    Path log = tmp.resolve("sink-" + logName + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx384m",
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                HdfsSinkMain.class.getName(),
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--lake",
                lake.toString(),
                "--topic",
                topic,
                "--group-id",
                group,
                "-C",
                "client.id=" + instanceId,
                // Files every half second or 2,000 rows: the time to a first file is mostly
                // recovery, not rotation.
                "--rotate-records",
                "2000",
                "--rotate-age",
                "PT0.5S",
                "--allowed-lateness",
                "PT1M",
                "--worker-threads",
                "1"));
    if (DYNAMIC) { // Kafka's defaults, as the sink had them
      cmd.addAll(
          List.of(
              "--instance-id",
              "none",
              "-C",
              "session.timeout.ms=45000",
              "-C",
              "heartbeat.interval.ms=3000"));
    } else {
      cmd.addAll(List.of("--instance-id", instanceId));
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(Files.createDirectories(tmp.resolve("cwd-" + logName)).toFile())
        .start();
  }

  /** Events sent at about 1,500 a second until stopped, with their lineage keys. */
  private static final class Traffic implements AutoCloseable {
    private final List<String> produced = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private Traffic(EmbeddedKafka kafka, String topic) {
      thread =
          new Thread(
              () -> {
                Instant start = Instant.parse("2025-12-24T06:00:00Z");
                try (EventProducer producer =
                    new EventProducer(kafka.bootstrapServers(), topic, PARTITIONS)) {
                  long id = 0;
                  while (running.get()) {
                    produced.addAll(
                        producer.send(id, 150, 1_000_000, start, Duration.ofHours(3), 0.0));
                    id += 150;
                    Thread.sleep(
                        100); // paces the traffic so that the sinks work while they are killed and
                    // restarted
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "restart-test-traffic");
      thread.start();
    }

    static Traffic start(EmbeddedKafka kafka, String topic) {
      return new Traffic(kafka, topic);
    }

    List<String> produced() {
      return produced;
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(30_000);
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
