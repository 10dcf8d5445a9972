package io.logpipe.sink.consumer;

import static io.logpipe.sink.consumer.SinkRolesHarness.tp;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.LateTrace;
import io.logpipe.lake.PartFileName;
import io.logpipe.sink.consumer.RecordingReads.Ack;
import io.logpipe.sink.support.FaultInjectingFileSystem;
import io.logpipe.sink.support.FaultInjectingFileSystem.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After each poll, on the injected clock: rotation by age on a quiet topic, and {@code _SUCCESS} as
 * time passes.
 */
class HousekeepingTest {

  private static final Instant LATE_IN_10 = Instant.parse("2025-12-24T10:59:00Z");

  @TempDir Path dir;

  @Test
  void aQuietPartitionsFilesArePublishedWhenTheirBatchIsRotateAgeOld() throws Exception {
    try (SinkRolesHarness h = new SinkRolesHarness(dir, b -> b.rotateAge(Duration.ofMinutes(10)))) {
      h.assign(0);
      h.poll(0, 0, LATE_IN_10);

      h.clock.advance(Duration.ofMinutes(10).minusMillis(1));
      h.emptyPoll();
      assertThat(h.visibleFiles()).isEmpty();

      h.clock.advance(Duration.ofMillis(1));
      h.emptyPoll();
      assertThat(h.visibleFiles()).hasSize(1);
      assertThat(h.reads.acks).containsExactly(new Ack(tp(0), 1, false));
    }
  }

  @Test
  void aCaughtUpPartitionThatGoesQuietPublishesWithoutWaitingForTheRotateAge() throws Exception {
    try (SinkRolesHarness h =
        new SinkRolesHarness(
            dir, b -> b.rotateAge(Duration.ofMinutes(10)).quietCommit(Duration.ofSeconds(1)))) {
      h.assign(0, 1);
      h.poll(0, 0, LATE_IN_10);
      h.poll(1, 0, LATE_IN_10);
      h.reads.caughtUp.add(tp(0)); // partition 1 still has records to read

      h.clock.advance(Duration.ofMillis(999));
      h.emptyPoll();
      assertThat(h.visibleFiles()).as("not quiet for a second yet").isEmpty();

      h.clock.advance(Duration.ofMillis(1));
      h.emptyPoll();
      assertThat(h.visibleFiles()).as("partition 0 only").hasSize(1);
      assertThat(h.reads.acks).containsExactly(new Ack(tp(0), 1, false));

      h.poll(0, 1, LATE_IN_10); // a new row restarts the quiet time
      h.clock.advance(Duration.ofMillis(500));
      h.emptyPoll();
      assertThat(h.visibleFiles()).hasSize(1);
    }
  }

  @Test
  void anIdlePartitionsWatermarkAdvancesWithTheClockAndCompletesTheHour() throws Exception {
    try (SinkRolesHarness h =
        new SinkRolesHarness(
            dir, b -> b.rotateAge(Duration.ofMinutes(1)).allowedLateness(Duration.ofMinutes(5)))) {
      h.assign(0);
      h.reads.caughtUp.add(tp(0)); // read to its end whenever it is quiet
      h.poll(0, 0, LATE_IN_10);
      Path marker = dir.resolve("curated/dt=2025-12-24/hour=10/_SUCCESS");

      // Idle for 6 min minus 1 ms: watermark 10:59 + idle time, just short of 11:00 + 5 min.
      h.clock.advance(Duration.ofMinutes(6).minusMillis(1));
      h.emptyPoll();
      assertThat(h.visibleFiles()).as("rotated by age").hasSize(1);
      assertThat(marker).doesNotExist();

      h.clock.advance(Duration.ofMillis(500)); // the next housekeeping round
      h.emptyPoll();
      assertThat(marker).exists();
      assertThat(h.metrics.hoursCompleted()).isOne();
    }
  }

  @Test
  void rowsThrownAwayByAFailedCommitHoldTheirHourUntilTheyAreReadAgain() throws Exception {
    try (SinkRolesHarness h =
        new SinkRolesHarness(
            dir, b -> b.rotateAge(Duration.ofMinutes(1)).allowedLateness(Duration.ofMinutes(5)))) {
      h.assign(0);
      h.poll(0, 0, LATE_IN_10, LATE_IN_10);
      h.fs.fail(
          Call.CLOSE,
          name -> name.endsWith(".parquet"),
          1,
          FaultInjectingFileSystem.transientError("close"));
      Path marker = dir.resolve("curated/dt=2025-12-24/hour=10/_SUCCESS");

      h.clock.advance(Duration.ofMinutes(10)); // rotation fails; the watermark is long past 11:05
      h.emptyPoll();
      h.clock.advance(Duration.ofSeconds(1));
      h.emptyPoll();
      assertThat(h.reads.paused).as("resumed after its backoff").isEmpty();
      assertThat(marker).as("offsets 0 and 1 of hour 10 are not read again yet").doesNotExist();

      h.poll(0, 0, LATE_IN_10);
      h.clock.advance(Duration.ofSeconds(1));
      h.emptyPoll();
      assertThat(marker).as("offset 1 is not read again yet").doesNotExist();

      h.poll(0, 1, LATE_IN_10);
      h.reads.caughtUp.add(tp(0)); // both offsets read again: nothing left to read
      h.clock.advance(
          Duration.ofMinutes(6)); // rotated by age; idle, the watermark reaches 11:05 again
      h.emptyPoll();
      assertThat(h.visibleFiles()).hasSize(1);
      assertThat(marker).exists();
    }
  }

  @Test
  void rowsPublishedIntoAnHourAfterItsSuccessLeaveOneLateTracePerFile() throws Exception {
    try (SinkRolesHarness h =
        new SinkRolesHarness(
            dir, b -> b.rotateAge(Duration.ofMinutes(1)).allowedLateness(Duration.ofMinutes(5)))) {
      h.assign(0);
      h.reads.caughtUp.add(tp(0)); // read to its end whenever it is quiet
      h.poll(0, 0, LATE_IN_10);
      Path hour = dir.resolve("curated/dt=2025-12-24/hour=10");
      h.clock.advance(Duration.ofMinutes(6).plusSeconds(1)); // rotated by age, then complete
      h.emptyPoll();
      h.clock.advance(Duration.ofMillis(500));
      h.emptyPoll();
      assertThat(hour.resolve("_SUCCESS")).exists();
      assertThat(traces(hour)).as("the rows before the marker leave none").isEmpty();

      h.poll(0, 1, LATE_IN_10, LATE_IN_10); // later than the allowed lateness
      h.clock.advance(Duration.ofMinutes(1));
      h.emptyPoll();
      assertThat(h.visibleFiles()).hasSize(2);
      assertThat(traces(hour)).containsExactly(new LateTrace("logs_curated", 0, 1, 2).name());
      assertThat(Files.readString(hour.resolve(new LateTrace("logs_curated", 0, 1, 2).name())))
          .isEqualTo(LateTrace.content(new PartFileName("logs_curated", 0, 1, 2, "snappy"), 2));
    }
  }

  private static List<String> traces(Path hour) throws java.io.IOException {
    try (var files = Files.list(hour)) {
      return files.map(f -> f.getFileName().toString()).filter(LateTrace::isTrace).toList();
    }
  }
}
