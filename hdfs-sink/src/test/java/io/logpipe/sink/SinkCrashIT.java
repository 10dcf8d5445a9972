package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.PartFileName;
import io.logpipe.sink.app.HdfsSinkMain;
import io.logpipe.sink.lake.LakeInspector;
import io.logpipe.sink.support.Await;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.Lineage;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink as a separate OS process, SIGKILLed at random moments while events keep arriving; after
 * the last restart the lake must hold every produced event exactly once, and no visible file may be
 * partial or orphaned.
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedHdfsExtension.class})
class SinkCrashIT {

  private static final int KILLS = 10;
  private static final String TOPIC = "curated_crash";

  @Test
  void killNineAtRandomMomentsLosesAndDuplicatesNothing(EmbeddedKafka kafka, EmbeddedHdfs hdfs)
      throws Exception {
    kafka.createTopic(TOPIC, 3);
    URI lake = URI.create(hdfs.uri() + "/datalake/crash");
    Configuration conf = hdfs.configuration();
    Random rnd = new Random();
    List<String> produced = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread producerThread =
        new Thread(
            () -> {
              Instant start = Instant.parse("2025-12-24T06:00:00Z");
              try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), TOPIC, 3)) {
                long id = 0;
                while (producing.get()) {
                  produced.addAll(
                      producer.send(id, 150, 300_000, start, Duration.ofHours(3), 0.05));
                  id += 150;
                  Thread.sleep(
                      100); // paces the traffic (~1,500 events/s) so that kills land mid-stream
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "crash-test-producer");
    producerThread.start();

    int killedWithCommits = 0;
    long lastRows = 0;
    try {
      for (int run = 0; run < KILLS; run++) {
        final int i = run;
        Process sink = startSink(kafka, lake, "run-" + i);
        long aliveMs;
        if (i % 2 == 0) {
          // Anywhere from JVM start-up through recovery and the first commits.
          aliveMs = 1_000 + rnd.nextInt(4_000);
        } else {
          // Mid-stream: once this process has committed something, at a random moment among its
          // commits.
          long before = lastRows;
          Await.until(
              Duration.ofSeconds(90),
              "run-" + i + " commits",
              () -> {
                assertThat(sink.isAlive()).as("sink alive, see log run-" + i).isTrue();
                try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
                  return inspector.countCommittedRows() > before;
                }
              });
          aliveMs = rnd.nextInt(2_000);
        }
        assertThat(aliveMs == 0 || !sink.waitFor(aliveMs, TimeUnit.MILLISECONDS))
            .as("sink exited on its own, see log run-" + i)
            .isTrue();
        sink.destroyForcibly(); // SIGKILL
        System.out.printf("kill %d after %d ms%n", i, aliveMs);
        assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // Between crashes the visible lake must never hold a duplicate or a partial/odd file.
        List<String> rows = Lineage.readLake(lake, conf);
        assertThat(new HashSet<>(rows)).as("duplicates after kill %d", i).hasSize(rows.size());
        assertVisibleFilesWellFormed(lake, conf);
        if (rows.size() > lastRows) {
          killedWithCommits++;
        }
        lastRows = rows.size();
        System.out.printf("  lake holds %d rows, %d produced so far%n", lastRows, produced.size());
      }
    } finally {
      producing.set(false);
      producerThread.join(30_000);
    }
    assertThat(killedWithCommits)
        .as("kills that interrupted a committing sink")
        .isGreaterThanOrEqualTo(KILLS / 2);

    long total = produced.size();
    Process last = startSink(kafka, lake, "final");
    try {
      Await.until(
          Duration.ofMinutes(3),
          "all " + total + " rows in the lake",
          () -> {
            assertThat(last.isAlive()).as("final sink alive").isTrue();
            try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
              return inspector.countCommittedRows() >= total;
            }
          });
    } finally {
      last.destroy(); // SIGTERM: clean shutdown
      last.waitFor(60, TimeUnit.SECONDS);
    }
    List<String> rows = Lineage.readLake(lake, conf);
    assertThat(Lineage.compare(produced, rows)).isEqualTo(Map.of("lost", 0L, "duplicated", 0L));
    assertVisibleFilesWellFormed(lake, conf);
  }

  private static void assertVisibleFilesWellFormed(URI lake, Configuration conf) throws Exception {
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      assertThat(inspector.unexpectedEntries()).isEmpty();
      assertThat(inspector.visibleFiles())
          .allSatisfy(f -> assertThat(PartFileName.parse(f.getName())).isNotNull());
      inspector.countCommittedRows(); // every visible file has a readable footer
    }
  }

  private static Path logOf(String name) {
    return Path.of(System.getProperty("java.io.tmpdir"), "crash-" + name + ".log");
  }

  private static Process startSink(EmbeddedKafka kafka, URI lake, String name) throws Exception {
    Path log = logOf(name);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx512m",
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            HdfsSinkMain.class.getName(),
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--lake",
            lake.toString(),
            "--topic",
            TOPIC,
            "--group-id",
            "crash",
            "--rotate-records",
            "2000",
            "--rotate-age",
            "PT0.5S",
            "--allowed-lateness",
            "PT1M",
            // Static membership: a restarted process takes over its predecessor's partitions
            // without
            // waiting for the killed member's session to expire.
            "-C",
            "group.instance.id=crash-sink",
            "-C",
            "session.timeout.ms=10000");
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("java.io.tmpdir")))
        .start();
  }
}
