package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.support.SinkProcess;
import io.logpipe.sink.support.Traffic;
import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sink --format iceberg} as a separate OS process into a real MiniDFSCluster, SIGKILLed at
 * random moments while events keep arriving: after every kill the table holds no duplicate and
 * references no missing file; after the last restart it holds every produced event exactly once.
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedHdfsExtension.class})
class IcebergSinkCrashIT {

  private static final int KILLS = 10;
  private static final String TOPIC = "curated_ice_crash";

  @Test
  void killNineAtRandomMomentsLosesAndDuplicatesNothing(EmbeddedKafka kafka, EmbeddedHdfs hdfs)
      throws Exception {
    kafka.createTopic(TOPIC, 3);
    URI lake = URI.create(hdfs.uri() + "/datalake/ice-crash");
    Configuration conf = hdfs.configuration();
    Random rnd = new Random();
    Traffic traffic = Traffic.start(kafka, TOPIC, 3, 300_000, 0.05);
    int killedWithCommits = 0;
    long lastRows = 0;
    try {
      for (int i = 0; i < KILLS; i++) {
        Process sink = startSink(kafka, lake, "run-" + i);
        long aliveMs;
        if (i % 2 == 0) {
          // anywhere from JVM start-up through the table's recovery and the first commits
          aliveMs = 1_000 + rnd.nextInt(4_000);
        } else {
          // mid-stream: once this process committed, at a random moment among its commits
          awaitTableRows(sink, lake, conf, lastRows + 1, Duration.ofSeconds(90));
          aliveMs = rnd.nextInt(2_000);
        }
        assertThat(aliveMs == 0 || !sink.waitFor(aliveMs, TimeUnit.MILLISECONDS))
            .as("sink exited on its own, see log ice-crash-run-" + i)
            .isTrue();
        assertThat(ChildJvm.kill(sink, Duration.ofSeconds(30))).isTrue();
        List<String> rows = TableLineage.rows(lake, conf);
        assertThat(new HashSet<>(rows)).as("duplicates after kill %d", i).hasSize(rows.size());
        Table table = TableLineage.table(lake, conf);
        if (table != null) {
          TableLineage.assertNoDanglingFiles(table);
        }
        if (rows.size() > lastRows) {
          killedWithCommits++;
        }
        lastRows = rows.size();
        System.out.printf(
            "kill %d after %d ms: table holds %d rows, %d produced so far%n",
            i, aliveMs, lastRows, traffic.produced().size());
      }
    } finally {
      traffic.close();
    }
    assertThat(killedWithCommits)
        .as("kills that interrupted a committing sink")
        .isGreaterThanOrEqualTo(KILLS / 2);

    List<String> produced = new ArrayList<>(traffic.produced());
    Process last = startSink(kafka, lake, "final");
    try {
      awaitTableRows(last, lake, conf, produced.size(), Duration.ofMinutes(3));
    } finally {
      ChildJvm.stop(last, Duration.ofSeconds(60));
    }
    TableLineage.assertExactlyOnce(produced, TableLineage.table(lake, conf));
  }

  private static void awaitTableRows(
      Process sink, URI lake, Configuration conf, long rows, Duration timeout) throws Exception {
    Await.until(
        timeout,
        rows + " rows in the table",
        () -> {
          assertThat(sink.isAlive()).as("sink process alive, see its log").isTrue();
          return TableLineage.committedRows(lake, conf) >= rows;
        });
  }

  private static Process startSink(EmbeddedKafka kafka, URI lake, String name) throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    return SinkProcess.of(kafka, lake, TOPIC, "ice-crash")
        .options("-Xmx512m")
        .args("--format", "iceberg", "--connect-timeout", "30s")
        .args("-X", "group.instance.id=ice-crash-sink", "-X", "session.timeout.ms=10000")
        .directory(tmp)
        .start(tmp.resolve("ice-crash-" + name + ".log"));
  }
}
