package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.PartFileName;
import io.logpipe.sink.lake.LakeInspector;
import io.logpipe.sink.support.Lineage;
import io.logpipe.sink.support.SinkProcess;
import io.logpipe.sink.support.Traffic;
import io.logpipe.testkit.ChildJvm;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
    // Paced so that kills land mid-stream.
    Traffic traffic = Traffic.start(kafka, TOPIC, 3, 300_000, 0.05);
    List<String> produced = traffic.produced();

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
          SinkProcess.awaitLakeRows(sink, lake, conf, before + 1, Duration.ofSeconds(90));
          aliveMs = rnd.nextInt(2_000);
        }
        assertThat(aliveMs == 0 || !sink.waitFor(aliveMs, TimeUnit.MILLISECONDS))
            .as("sink exited on its own, see log run-" + i)
            .isTrue();
        assertThat(ChildJvm.kill(sink, Duration.ofSeconds(30))).isTrue();
        System.out.printf("kill %d after %d ms%n", i, aliveMs);
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
      traffic.close();
    }
    assertThat(killedWithCommits)
        .as("kills that interrupted a committing sink")
        .isGreaterThanOrEqualTo(KILLS / 2);

    long total = produced.size();
    Process last = startSink(kafka, lake, "final");
    try {
      SinkProcess.awaitLakeRows(last, lake, conf, total, Duration.ofMinutes(3));
    } finally {
      ChildJvm.stop(last, Duration.ofSeconds(60)); // SIGTERM: clean shutdown
    }
    Lineage.assertExactlyOnce(produced, lake, conf);
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

  private static Process startSink(EmbeddedKafka kafka, URI lake, String name) throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    return SinkProcess.of(kafka, lake, TOPIC, "crash")
        .options("-Xmx512m")
        // Static membership: a restarted process takes over its predecessor's partitions without
        // waiting for the killed member's session to expire.
        .args("-X", "group.instance.id=crash-sink", "-X", "session.timeout.ms=10000")
        .directory(tmp)
        .start(tmp.resolve("crash-" + name + ".log"));
  }
}
