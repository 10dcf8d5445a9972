package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.support.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion marker on a real local table: when an hour is marked, what readers see. */
class HourMarksTest {

  private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  private static final Duration LATENESS = Duration.ofMinutes(15);
  private static final HourPartition H10 = new HourPartition(LocalDate.parse("2026-11-23"), 10);
  private static final HourPartition H11 = new HourPartition(LocalDate.parse("2026-11-23"), 11);

  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SinkMetrics metrics = new SinkMetrics(registry);

  private Table table() {
    return LocalTables.hadoop(dir);
  }

  /** Paris 10:00 is 09:00 UTC in November. */
  private static Instant parisEnd(HourPartition h) {
    return h.end(ZONE);
  }

  @Test
  void anHourIsMarkedOnceTheWatermarkPassedItsEndByTheLatenessAndNoRowOfItIsHeld() {
    Table table = table();
    HourMarks marks = new HourMarks(table, ZONE, LATENESS, metrics);
    marks.committed(Map.of(H10, 5L, H11, 1L));
    Instant justBefore = parisEnd(H10).plus(LATENESS).minusMillis(1);

    assertThat(marks.markDue(Optional.of(justBefore), Set.of())).isEmpty();
    assertThat(marks.markDue(Optional.empty(), Set.of())).isEmpty();
    Instant past = parisEnd(H10).plus(LATENESS);
    assertThat(marks.markDue(Optional.of(past), Set.of(H10))).as("rows of it held").isEmpty();
    assertThat(marks.markDue(Optional.of(past), Set.of())).containsExactly(H10);

    // what a reader polls: the table's properties after a refresh
    Table reader = table();
    assertThat(HourMarks.isComplete(reader, H10)).isTrue();
    assertThat(HourMarks.isComplete(reader, H11)).isFalse();
    assertThat(reader.properties())
        .containsEntry("logpipe.hour-complete.2026-11-23T10", past.toString());
    assertThat(metrics.hoursCompleted()).isEqualTo(1);
    assertThat(marks.markDue(Optional.of(past.plusSeconds(1)), Set.of())).isEmpty();
    // rows committed to a marked hour later are never dropped, and counted
    marks.committed(Map.of(H10, 3L));
    assertThat(registry.get("logpipe.sink.rows.after.success").functionCounter().count())
        .isEqualTo(3.0);
  }

  @Test
  void hoursTheTableHoldsWithoutAMarkWaitForItAgainAfterARestart() throws Exception {
    Table table = table();
    PartitionBatch b = new PartitionBatch(table, "t", 0, OptionalLong.empty(), Instant.now());
    Random rnd = new Random(1);
    for (long o = 0; o < 3; o++) {
      // 09:30 UTC and later: Paris 10:30, hour 10
      LogEvent e =
          Events.event(Instant.parse("2026-11-23T09:30:00Z").plusSeconds(o), "r", 0, o, rnd);
      b.write(o, HourPartition.of(e.getTs(), ZONE), Events.row(e), e.getTs(), Instant.now());
    }
    new TableCommitter(table, "g", "t").commit(List.of(b));

    HourMarks restarted = new HourMarks(table(), ZONE, LATENESS, metrics);
    assertThat(restarted.seed()).as("not marked: not rewritten").isEmpty();
    assertThat(restarted.markDue(Optional.of(parisEnd(H10).plus(LATENESS)), Set.of()))
        .containsExactly(H10);
    HourMarks again = new HourMarks(table(), ZONE, LATENESS, metrics);
    assertThat(again.seed()).as("marked, one data file: nothing to rewrite").isEmpty();
    assertThat(again.markDue(Optional.of(Instant.MAX), Set.of())).as("already marked").isEmpty();

    // a row after the mark adds a second file to the hour: the next start rewrites it
    commit(table, 3, Instant.parse("2026-11-23T09:59:00Z"));
    assertThat(new HourMarks(table(), ZONE, LATENESS, metrics).seed()).containsExactly(H10);
  }

  private static void commit(Table table, long offset, Instant ts) throws Exception {
    PartitionBatch b = new PartitionBatch(table, "t", 0, OptionalLong.of(offset), Instant.now());
    LogEvent e = Events.event(ts, "r", 0, offset, new Random(offset));
    b.write(offset, HourPartition.of(e.getTs(), ZONE), Events.row(e), e.getTs(), Instant.now());
    new TableCommitter(table, "g", "t").commit(List.of(b));
  }
}
