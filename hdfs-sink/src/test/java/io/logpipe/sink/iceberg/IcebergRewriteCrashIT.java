package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.HourPartition;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.SinkProcess;
import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import io.logpipe.testkit.LogFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sink --format iceberg} as a separate OS process, SIGKILLed inside the small-file rewrite
 * of a completed hour: its merged file written, the swap not yet made (held there by the test-only
 * property {@value HourRewrite#PAUSE_PROPERTY}). The table stays as it was (the hour served by its
 * original files, the merged file unreferenced), and after a restart every event is in it once; the
 * restarted sink rewrites the interrupted hour again (found with several files at start-up), and a
 * later hour it completes.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class IcebergRewriteCrashIT {

  private static final String TOPIC = "curated_ice_rewrite_crash";
  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");
  private static final HourPartition LATER = new HourPartition(LocalDate.parse("2025-12-24"), 8);
  private static final Pattern PAUSED = Pattern.compile("Hour (\\S+ rewritten into \\S+), pausing");

  @TempDir Path tmp;

  @Test
  void aKillDuringAnHourRewriteLeavesTheTableCorrect(EmbeddedKafka kafka) throws Exception {
    long started = System.nanoTime();
    kafka.createTopic(TOPIC, 3);
    URI lake = tmp.resolve("lake").toUri();
    Configuration conf = new Configuration();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), TOPIC, 3)) {
      // 06:00-09:00, in time order: the watermark completes hours 06 and 07 once all is read
      produced.addAll(producer.send(0, 9_000, 9_000, START, Duration.ofHours(3), 0.0));
    }
    Path firstLog = tmp.resolve("rewrite-crash-first.log");
    Process sink = startSink(kafka, lake, firstLog, "-D" + HourRewrite.PAUSE_PROPERTY + "=PT5M");
    String merged;
    HourPartition paused;
    Set<String> hourFiles;
    try {
      String[] found =
          LogFile.awaitMatch(Duration.ofSeconds(90), firstLog, PAUSED, sink)
              .split(" rewritten into ");
      paused =
          new HourPartition(
              LocalDate.parse(found[0].substring(0, 10)), Integer.parseInt(found[0].substring(11)));
      merged = found[1];
      assertThat(paused).isNotEqualTo(LATER);
      Table table = TableLineage.table(lake, conf);
      hourFiles = files(table, paused);
      assertThat(hourFiles).as("files of hour %s before its rewrite", paused).hasSizeGreaterThan(1);
    } finally {
      assertThat(ChildJvm.kill(sink, Duration.ofSeconds(30))).isTrue();
    }
    Table table = TableLineage.table(lake, conf);
    // killed inside the rewrite: the merged file was written, the swap never happened
    assertThat(table.io().newInputFile(merged).exists()).as("merged file %s", merged).isTrue();
    assertThat(files(table, paused)).isEqualTo(hourFiles).doesNotContain(merged);
    assertThat(HourMarks.isComplete(table, paused)).isTrue();
    assertThat(replaces(table)).isZero();
    List<String> rows = TableLineage.rows(table);
    assertThat(new HashSet<>(rows)).as("no duplicate after the kill").hasSize(rows.size());
    TableLineage.assertNoDanglingFiles(table);

    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), TOPIC, 3)) {
      // 09:00-10:00: completes hour 08 for the restarted sink
      produced.addAll(producer.send(9_000, 3_000, 9_000, START, Duration.ofHours(3), 0.0));
    }
    long killed = System.nanoTime();
    long restored;
    Process last = startSink(kafka, lake, tmp.resolve("rewrite-crash-last.log"));
    try {
      Await.until(
          Duration.ofSeconds(90),
          "every event in the table",
          () -> {
            assertThat(last.isAlive()).as("sink process alive, see its log").isTrue();
            return TableLineage.committedRows(lake, conf) >= produced.size();
          });
      restored = System.nanoTime();
      Await.until(
          Duration.ofSeconds(90),
          "hour 08 rewritten, and the interrupted hour rewritten again after the restart",
          () -> {
            assertThat(last.isAlive()).as("sink process alive, see its log").isTrue();
            Table t = TableLineage.table(lake, conf);
            return files(t, LATER).size() == 1 && files(t, paused).size() == 1;
          });
    } finally {
      assertThat(ChildJvm.stop(last, Duration.ofSeconds(60))).isTrue();
    }
    table = TableLineage.table(lake, conf);
    TableLineage.assertExactlyOnce(produced, table);
    assertThat(files(table, LATER)).as("hour 08 rewritten into one file").hasSize(1);
    assertThat(files(table, paused))
        .as("the interrupted hour rewritten into one new file")
        .hasSize(1)
        .doesNotContainAnyElementsOf(hourFiles)
        .doesNotContain(merged);
    System.out.printf(
        "rewrite crash: killed inside hour %s's rewrite after %d ms, every event back %d ms after"
            + " the kill, hour 08 and the interrupted hour rewritten %d ms later; %d events, %d ms in"
            + " all%n",
        paused.label(),
        Duration.ofNanos(killed - started).toMillis(),
        Duration.ofNanos(restored - killed).toMillis(),
        Duration.ofNanos(System.nanoTime() - restored).toMillis(),
        produced.size(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private static Set<String> files(Table table, HourPartition hour) throws IOException {
    table.refresh();
    Set<String> out = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks =
        table
            .newScan()
            .filter(
                Expressions.and(
                    Expressions.equal("dt", (int) hour.date().toEpochDay()),
                    Expressions.equal("hour", hour.hour())))
            .planFiles()) {
      for (FileScanTask t : tasks) {
        out.add(t.file().location());
      }
    }
    return out;
  }

  private static long replaces(Table table) {
    table.refresh();
    long n = 0;
    for (Snapshot s : table.snapshots()) {
      if (DataOperations.REPLACE.equals(s.operation())) {
        n++;
      }
    }
    return n;
  }

  private Process startSink(EmbeddedKafka kafka, URI lake, Path log, String... jvmOptions)
      throws Exception {
    List<String> options = new ArrayList<>(List.of("-Xmx512m"));
    options.addAll(List.of(jvmOptions));
    return SinkProcess.of(kafka, lake, TOPIC, "ice-rewrite-crash")
        .options(options.toArray(String[]::new))
        // no partition counts as idle within the test: hours complete by event time alone, so
        // that an hour is marked only once every partition's rows of it are committed
        .args("--format", "iceberg", "--connect-timeout", "30s", "--idle-timeout", "PT1M")
        .args("-X", "group.instance.id=ice-rewrite-crash-sink", "-X", "session.timeout.ms=10000")
        .directory(tmp)
        .start(log);
  }
}
