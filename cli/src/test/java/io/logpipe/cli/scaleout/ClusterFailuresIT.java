package io.logpipe.cli.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import io.logpipe.schemas.Topics;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a 3-node KRaft cluster (replication 3, min ISR 2) with 6 partitions per
 * topic: two processor and two sink instances, each an OS process of its own started from its
 * shaded jar with static membership, the generator ingesting at a steady rate into a real
 * MiniDFSCluster lake. During the run one processor and one sink are SIGKILLed and restarted as the
 * same instance, and one broker node is killed and restarted. The broker is a node of the in-JVM
 * cluster halted abruptly ({@link EmbeddedKafka#killNode}: no controlled shutdown, its
 * clean-shutdown marker removed so that it recovers its logs on restart), not an OS process
 * receiving SIGKILL. The failures come one after the other, each once the previous one has
 * recovered and a further sixth of the lines has been sent. Recovery is timed from the kill to the
 * stage's next commit on the partitions the killed instance owned (the processor's transactional
 * offset commit; a file the sink publishes in the lake), and for the broker to new leaders for
 * every partition it led, to both stages committing again, and to its return to every in-sync
 * replica set.
 *
 * <p>After ingest stops and everything drains: every raw offset is curated or rejected exactly
 * once; the lake's rows, read back with parquet-avro, carry exactly the curated lineage; for every
 * window and status that closed, final + late counts equal the events counted here from the lake
 * rows (final alone when none was late); every event-time hour in the lake has {@code _SUCCESS}.
 * The time each failure took to recover from is printed, never asserted.
 *
 * <p>Event time is simulated: 60,000 events spread over 2 hours and sent in about 75 s, so that
 * hours complete within the run (the sink's idle timeout then lets its watermark pass the last hour
 * once ingest stops). The newest window stays open (no later event moves the watermark past it), so
 * windows are checked up to the slowest raw partition's progress less the grace.
 */
class ClusterFailuresIT {

  private static final int PARTITIONS = 6;
  private static final long EVENTS = 60_000;
  private static final double RATE = 800;

  /** Whole hours in the recent past: the processor rejects events from the future. */
  private static final Instant START =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

  private static final Duration SPAN = Duration.ofHours(2);
  private static final String APP = "e2e-processor";
  private static final String SINK_GROUP = "e2e-sink";
  private static final int BROKER_VICTIM = 2;
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration RECOVERY = Duration.ofSeconds(90);
  private static final List<String> TOPICS =
      List.of(
          Topics.RAW,
          Topics.CURATED,
          Topics.REJECTED,
          Topics.STATUS_COUNTS,
          Topics.STATUS_COUNTS_LATE);

  /**
   * How long a (re)started stage waits for Kafka to answer before it gives up: 5 s by default,
   * which a cluster on a loaded 2-core machine can miss.
   */
  private static final String CONNECT_TIMEOUT = "60s";

  @TempDir Path tmp;

  /** The stages' logs, kept after the run (the temporary directory is not). */
  private final Path logs = Path.of("target", "cluster-failures-it");

  private final List<String> recoveries = new ArrayList<>();

  @Test
  void killedProcessorSinkAndBrokerLoseNothingAndCountNothingTwice() throws Exception {
    long t0 = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.startCluster(3);
        EmbeddedHdfs hdfs = EmbeddedHdfs.start();
        Admin admin = kafka.admin()) {
      List<NewTopic> topics = new ArrayList<>();
      TOPICS.forEach(t -> topics.add(new NewTopic(t, PARTITIONS, kafka.replicationFactor())));
      kafka.createTopics(topics);
      URI lake = URI.create(hdfs.uri() + "/datalake/e2e");
      Configuration conf = hdfs.configuration();

      StageProcess p1 = processor(kafka, "processor-1");
      StageProcess p2 = processor(kafka, "processor-2");
      StageProcess s1 = sink(kafka, lake, "sink-1");
      StageProcess s2 = sink(kafka, lake, "sink-2");
      List<StageProcess> stages = List.of(p1, p2, s1, s2);
      try {
        for (StageProcess s : stages) {
          s.start();
        }
        GroupCommits processors = new GroupCommits(admin, APP, Topics.RAW);
        GroupCommits sinks = new GroupCommits(admin, SINK_GROUP, Topics.CURATED);
        processors.awaitOwners(STARTUP, p1, p2);
        sinks.awaitOwners(STARTUP, s1, s2);
        log("stages up after %,d ms", millisSince(t0));

        IngestRun ingest = generator(kafka.bootstrapServers());
        Thread ingesting = new Thread(ingest, "e2e-ingest");
        ingesting.start();
        try {
          awaitIngested(ingest, EVENTS / 6);
          recoverStage(processors, p1, "commits offsets of logs_raw", processors::committed);
          awaitIngested(ingest, EVENTS * 2 / 6);
          recoverStage(sinks, s1, "publishes files", () -> LakeRows.publishedOffsets(lake, conf));
          awaitIngested(ingest, EVENTS * 3 / 6);
          // Each failure strikes while lines still arrive; the last one most likely to miss it.
          assertThat(ingest.isDone()).as("ingest still running when the broker halts").isFalse();
          recoverBroker(
              kafka, admin, processors, () -> LakeRows.publishedOffsets(lake, conf), p1, s1);
          IngestSummary summary = ingest.awaitSummary(Duration.ofMinutes(2));
          assertThat(summary).as("ingest finished").isNotNull();
          assertThat(summary.exitCode()).as(summary.render()).isZero();
        } finally {
          ingest.stop();
          ingesting.join(TimeUnit.SECONDS.toMillis(60));
        }
        log("ingest done after %,d ms", millisSince(t0));
        new DrainedPipeline(kafka.bootstrapServers(), lake, conf, stages).check(EVENTS);
      } finally {
        for (StageProcess s : stages) {
          s.stop();
        }
      }
    }
    log("total %,d ms", millisSince(t0));
    recoveries.forEach(r -> log("recovery: %s", r));
  }

  /**
   * SIGKILLs {@code victim}, restarts it as the same instance, and times its next commit on the
   * partitions it owned, as {@code commits} shows them (offsets by partition).
   */
  private void recoverStage(
      GroupCommits group, StageProcess victim, String what, Await.Probe<Map<Integer, Long>> commits)
      throws Exception {
    Set<Integer> owned = group.ownedBy(victim.name());
    assertThat(owned).as("%s owns partitions when killed", victim.name()).isNotEmpty();
    long kill = System.nanoTime();
    victim.kill();
    // After the kill: nothing the dead process had not committed can appear any more.
    Map<Integer, Long> before = commits.get();
    victim.start();
    victim.awaitProgress(RECOVERY, what, commits, owned, before);
    recoveries.add(
        String.format(
            "%s SIGKILL -> restarted as the same instance -> %s on partitions %s it owned:"
                + " %,d ms (load %s)",
            victim.name(), what, owned, millisSince(kill), load()));
    log("%s", recoveries.get(recoveries.size() - 1));
  }

  /**
   * Halts a broker node, times the election of new leaders for every partition it led, restarts it
   * and times its return to every in-sync replica set; meanwhile both stages must commit again.
   */
  private void recoverBroker(
      EmbeddedKafka kafka,
      Admin admin,
      GroupCommits processors,
      Await.Probe<Map<Integer, Long>> sinkCommits,
      StageProcess processor,
      StageProcess sink)
      throws Exception {
    List<String> watched = new ArrayList<>(TOPICS);
    watched.addAll(List.of("__consumer_offsets", "__transaction_state"));
    PartitionLeaders leaders = new PartitionLeaders(admin, watched);
    assertThat(leaders.ledByOrLeaderless(BROKER_VICTIM)).as("node 2 leads partitions").isNotEmpty();
    Map<Integer, Long> processorsBefore = processors.committed();
    Map<Integer, Long> sinksBefore = sinkCommits.get();
    long kill = System.nanoTime();
    kafka.killNode(BROKER_VICTIM);
    Await.until(
        RECOVERY,
        "new leaders for every partition node " + BROKER_VICTIM + " led",
        () -> leaders.ledByOrLeaderless(BROKER_VICTIM).isEmpty());
    long elected = millisSince(kill);
    Set<Integer> all = allPartitions();
    processor.awaitProgress(
        RECOVERY, "processors commit again", processors::committed, all, processorsBefore);
    long processorsCommit = millisSince(kill);
    sink.awaitProgress(RECOVERY, "sinks publish again", sinkCommits, all, sinksBefore);
    long sinksCommit = millisSince(kill);
    Duration restart = kafka.restartNode(BROKER_VICTIM);
    Await.until(
        RECOVERY,
        "node " + BROKER_VICTIM + " back in every in-sync replica set",
        () -> leaders.underReplicated(kafka.replicationFactor()).isEmpty());
    recoveries.add(
        String.format(
            "broker node %d halted -> new leaders for all its partitions: %,d ms; processors commit"
                + " again: %,d ms, sinks publish again: %,d ms; restarted (unfenced) in %,d ms, back in every ISR"
                + " %,d ms after the kill (load %s)",
            BROKER_VICTIM,
            elected,
            processorsCommit,
            sinksCommit,
            restart.toMillis(),
            millisSince(kill),
            load()));
    log("%s", recoveries.get(recoveries.size() - 1));
  }

  private StageProcess processor(EmbeddedKafka kafka, String name) throws Exception {
    Path state = Files.createDirectories(tmp.resolve("state-" + name));
    return StageProcess.of(
        "stream-processor",
        name,
        List.of(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--application-id",
            APP,
            "--state-dir",
            state.toString(),
            "--instance-id",
            name,
            "--partitions",
            String.valueOf(PARTITIONS),
            "-X",
            "client.id=" + name,
            "--connect-timeout",
            CONNECT_TIMEOUT,
            // At 100 simulated seconds per second, the 200 ms default would span most of the
            // grace.
            "-X",
            "logpipe.counts.flush-interval=50ms"),
        tmp,
        logs);
  }

  private StageProcess sink(EmbeddedKafka kafka, URI lake, String name) throws Exception {
    return StageProcess.of(
        "hdfs-sink",
        name,
        List.of(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--lake",
            lake.toString(),
            "--group-id",
            SINK_GROUP,
            "--instance-id",
            name,
            "-X",
            "client.id=" + name,
            "--rotate-records",
            "5000",
            "--rotate-age",
            "1s",
            "--idle-timeout",
            "2s",
            "--allowed-lateness",
            "10s",
            "--worker-threads",
            "1",
            "--connect-timeout",
            CONNECT_TIMEOUT),
        tmp,
        logs);
  }

  private static IngestRun generator(String bootstrap) {
    return IngestRun.generator(
        GeneratorConfig.builder()
            .seed(18)
            .events(EVENTS)
            .rate(RATE)
            .start(START)
            .span(SPAN)
            .lateFraction(0.01)
            .invalidFraction(0.03)
            .build(),
        ProducerSettings.builder()
            .bootstrapServers(bootstrap)
            .topic(Topics.RAW)
            // Unkeyed lines go to one partition until a batch's worth of bytes went there: small
            // batches keep the six partitions' event times close together, as at a real site with
            // many producers, so windows close all along the run, not only up to where the slowest
            // partition's last lines stopped.
            .property("batch.size", "4096")
            .build());
  }

  private static void awaitIngested(IngestRun ingest, long lines) throws Exception {
    Await.until(
        RECOVERY,
        lines + " lines acknowledged",
        () -> {
          assertThat(ingest.isDone() && ingest.counters().acknowledged() < lines)
              .as("ingest ended early: %s", ingest.summary())
              .isFalse();
          return ingest.counters().acknowledged() >= lines;
        });
  }

  private static Set<Integer> allPartitions() {
    Set<Integer> all = new TreeSet<>();
    for (int p = 0; p < PARTITIONS; p++) {
      all.add(p);
    }
    return all;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void log(String format, Object... args) {
    System.out.printf("[ClusterFailuresIT] " + format + "%n", args);
  }
}
