package io.logpipe.cli.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.TopicReader;
import io.logpipe.processor.topology.StatusCountKey;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectedLine;
import io.logpipe.schemas.Topics;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;

/**
 * The pipeline once ingest has stopped, drained and checked: every raw offset curated or rejected
 * exactly once, the lake's rows carrying exactly the curated lineage, every hour of rows marked
 * {@code _SUCCESS}, and for every window and status that closed, final + late counts equal to the
 * lake's events counted here.
 */
final class DrainedPipeline {

  // The processor's defaults (logpipe.window.size / .grace).
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final Duration GRACE = Duration.ofSeconds(30);

  /** How long each stage of the drain may take. */
  private static final Duration DRAIN = Duration.ofSeconds(90);

  private final String bootstrap;
  private final URI lake;
  private final Configuration conf;
  private final List<StageProcess> stages;

  DrainedPipeline(String bootstrap, URI lake, Configuration conf, List<StageProcess> stages) {
    this.bootstrap = bootstrap;
    this.lake = lake;
    this.conf = conf;
    this.stages = List.copyOf(stages);
  }

  /**
   * Waits until the pipeline has drained the {@code events} lines ingested, then checks every count
   * against the lake.
   */
  void check(long events) throws Exception {
    Map<Integer, Long> rawEnds = new HashMap<>();
    try (TopicReader<byte[], byte[]> raw = TopicReader.bytes(bootstrap, Topics.RAW)) {
      raw.endOffsets().forEach((tp, end) -> rawEnds.put(tp.partition(), end));
    }
    long linesIn = rawEnds.values().stream().mapToLong(Long::longValue).sum();
    assertThat(linesIn).as("lines in logs_raw").isEqualTo(events);

    Set<String> curatedIds = new HashSet<>();
    Set<String> rejectedIds = new HashSet<>();
    List<String> twice = new ArrayList<>();
    try (TopicReader<String, LogEvent> curated =
            TopicReader.withStringKeys(
                bootstrap, Topics.CURATED, LogpipeSerdes.logEvent().deserializer());
        TopicReader<String, RejectedLine> rejected =
            TopicReader.withStringKeys(
                bootstrap, Topics.REJECTED, LogpipeSerdes.rejectedLine().deserializer())) {
      Await.until(
          DRAIN,
          "curated + rejected = lines in",
          () -> {
            stages.forEach(StageProcess::assertAlive);
            curated.readToEnd(
                DRAIN,
                r -> {
                  String id = r.value().getRawPartition() + "@" + r.value().getRawOffset();
                  if (!curatedIds.add(id)) {
                    twice.add("curated " + id);
                  }
                });
            rejected.readToEnd(
                DRAIN,
                r -> {
                  String id = r.value().getRawPartition() + "@" + r.value().getRawOffset();
                  if (!rejectedIds.add(id)) {
                    twice.add("rejected " + id);
                  }
                });
            return curatedIds.size() + rejectedIds.size() + twice.size() >= linesIn;
          });
    }
    assertThat(twice).as("raw lines curated or rejected twice").isEmpty();
    assertThat(curatedIds)
        .as("raw lines both curated and rejected")
        .doesNotContainAnyElementsOf(rejectedIds);
    Set<String> rawIds = new HashSet<>();
    rawEnds.forEach(
        (p, end) -> {
          for (long o = 0; o < end; o++) {
            rawIds.add(p + "@" + o);
          }
        });
    Set<String> accounted = new HashSet<>(curatedIds);
    accounted.addAll(rejectedIds);
    assertThat(accounted).as("every raw offset curated or rejected").isEqualTo(rawIds);
    log(
        "lines in %,d = curated %,d + rejected %,d",
        linesIn, curatedIds.size(), rejectedIds.size());

    Await.until(
        DRAIN,
        curatedIds.size() + " rows in the lake",
        () -> {
          stages.forEach(StageProcess::assertAlive);
          return LakeRows.committedRows(lake, conf) >= curatedIds.size();
        });
    LakeRows rows = LakeRows.read(lake, conf, WINDOW);
    assertThat(rows.duplicated()).as("raw lines twice in the lake").isEmpty();
    assertThat(rows.lineage().keySet()).as("lake lineage = curated lineage").isEqualTo(curatedIds);
    assertThat(rows.rows()).isEqualTo(curatedIds.size());

    Set<String> complete =
        Await.until(
            DRAIN,
            "_SUCCESS in every hour of " + rows.hours(),
            () -> LakeRows.completeHours(lake, conf),
            c -> c.containsAll(rows.hours()));
    log("hours %s, complete %s", rows.hours(), complete);

    checkWindows(rows);
  }

  /** Final + late = the lake's events, for every window and status that closed. */
  private void checkWindows(LakeRows rows) throws Exception {
    Instant watermark = rows.slowestPartitionProgress();
    Set<StatusCountKey> closed = new TreeSet<>(DrainedPipeline::compare);
    rows.perWindowStatus()
        .keySet()
        .forEach(
            k -> {
              if (Instant.ofEpochMilli(k.windowStart())
                  .plus(WINDOW)
                  .plus(GRACE)
                  .isBefore(watermark)) {
                closed.add(k);
              }
            });
    try (WindowCounts counts = new WindowCounts(bootstrap)) {
      Await.until(
          DRAIN,
          "a final or late count for each of " + closed.size() + " closed windows and statuses",
          () -> closed.stream().allMatch(counts.refresh()::countedAtAll));
      assertThat(counts.repeatedFinals()).as("final counts repeated").isZero();
      Set<StatusCountKey> counted = new TreeSet<>(DrainedPipeline::compare);
      counted.addAll(counts.finals().keySet());
      counted.addAll(counts.late().keySet());
      List<String> wrong = new ArrayList<>();
      int finalOnly = 0;
      for (StatusCountKey k : counted) {
        long lakeEvents = rows.perWindowStatus().getOrDefault(k, 0L);
        if (counts.counted(k) != lakeEvents) {
          wrong.add(
              String.format(
                  "%s: final %d + late %d, lake %d",
                  k,
                  counts.finals().getOrDefault(k, 0L),
                  counts.late().getOrDefault(k, 0L),
                  lakeEvents));
        }
        if (!counts.late().containsKey(k)) {
          finalOnly++;
        }
      }
      assertThat(wrong).as("windows whose final + late count != lake events").isEmpty();
      assertThat(finalOnly).as("windows and statuses without late events").isPositive();
      long late = counts.late().values().stream().mapToLong(Long::longValue).sum();
      log(
          "%,d windows and statuses counted (%,d closed by %s), %,d of them final only; %,d late"
              + " events",
          counted.size(), closed.size(), watermark, finalOnly, late);
    }
  }

  private static int compare(StatusCountKey a, StatusCountKey b) {
    int c = Long.compare(a.windowStart(), b.windowStart());
    return c != 0 ? c : Integer.compare(a.status(), b.status());
  }

  private static void log(String format, Object... args) {
    System.out.printf("[ClusterFailuresIT] " + format + "%n", args);
  }
}
