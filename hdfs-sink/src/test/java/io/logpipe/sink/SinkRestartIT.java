package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.embedded.testing.GroupAssignments;
import io.logpipe.lake.PartFileName;
import io.logpipe.sink.lake.LakeInspector;
import io.logpipe.sink.support.Lineage;
import io.logpipe.sink.support.SinkProcess;
import io.logpipe.sink.support.Traffic;
import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import io.logpipe.testkit.RestartMembership;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
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

  @TempDir Path tmp;

  @Test
  void killedSinkRestartedAsTheSameInstancePublishesWithinSeconds(EmbeddedKafka kafka)
      throws Exception {
    String topic = "curated_restart_kill";
    kafka.createTopic(topic, PARTITIONS);
    URI lake = tmp.resolve("lake").toUri();
    try (Traffic traffic = Traffic.start(kafka, topic, PARTITIONS, 1_000_000, 0.0)) {
      Process first = startSink(kafka, lake, topic, "kill", "sink-a", "a-1");
      try {
        awaitFiles(lake, Set.of(), first, "first publication");
      } finally {
        // The member stays in the group until its session expires.
        assertThat(ChildJvm.kill(first, Duration.ofSeconds(30))).isTrue();
      }
      Set<String> before = visibleFiles(lake);

      long restart = System.nanoTime();
      Process again = startSink(kafka, lake, topic, "kill", "sink-a", "a-2");
      try {
        awaitFiles(lake, before, again, "a file published by the restarted sink");
        System.out.printf(
            RestartMembership.label()
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
    try (Traffic traffic = Traffic.start(kafka, topic, PARTITIONS, 1_000_000, 0.0);
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
              Map<String, Set<TopicPartition>> owned = GroupAssignments.byClientId(admin, group);
              return !owned.getOrDefault("sink-a", Set.of()).isEmpty()
                  && !owned.getOrDefault("sink-b", Set.of()).isEmpty();
            });
        awaitFiles(lake, Set.of(), staying, "first publication");
        Set<Integer> handedOver =
            GroupAssignments.byClientId(admin, group).get("sink-a").stream()
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());

        long term = System.nanoTime();
        // SIGTERM: publishes what it holds, then leaves the group
        assertThat(ChildJvm.stop(leaving, Duration.ofSeconds(60)))
            .as("stopped within 60 s of SIGTERM")
            .isTrue();
        long exited = millisSince(term);
        Set<String> atExit = visibleFiles(lake);
        Await.until(
            DEADLINE,
            "sink-b owns every partition",
            () ->
                GroupAssignments.byClientId(admin, group).getOrDefault("sink-b", Set.of()).size()
                    == PARTITIONS);
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
            RestartMembership.label()
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
    SinkProcess.awaitLakeRows(sink, lake, new Configuration(), total, Duration.ofMinutes(2));
    Lineage.assertExactlyOnce(traffic.produced(), lake, new Configuration());
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void stop(Process sink) throws InterruptedException {
    ChildJvm.stop(sink, Duration.ofSeconds(60));
  }

  private Process startSink(
      EmbeddedKafka kafka, URI lake, String topic, String group, String instanceId, String logName)
      throws Exception {
    return SinkProcess.of(kafka, lake, topic, group)
        .options("-Xmx384m")
        .args("-X", "client.id=" + instanceId, "--worker-threads", "1")
        .args(RestartMembership.options(instanceId))
        .directory(Files.createDirectories(tmp.resolve("cwd-" + logName)))
        .start(tmp.resolve("sink-" + logName + ".log"));
  }
}
