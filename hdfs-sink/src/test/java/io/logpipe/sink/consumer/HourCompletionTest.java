package io.logpipe.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.consumer.HourScan.ScannedHour;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.support.FaultInjectingFileSystem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an hour gets {@code _SUCCESS}: past its end by the lateness in watermark time, with nothing
 * unpublished.
 */
class HourCompletionTest {

  private static final HourPartition H10 = new HourPartition(LocalDate.of(2025, 12, 24), 10);
  private static final HourPartition H11 = new HourPartition(LocalDate.of(2025, 12, 24), 11);
  private static final Instant END_10 = Instant.parse("2025-12-24T11:00:00Z");
  private static final Duration LATENESS = Duration.ofMinutes(15);

  @TempDir Path dir;

  private FileSystem fs;
  private LakeLayout layout;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SinkMetrics metrics = new SinkMetrics(registry);
  private HourCompletion completion;

  @BeforeEach
  void setUp() throws Exception {
    fs = FaultInjectingFileSystem.local();
    layout = new LakeLayout(dir.toUri());
    completion =
        new HourCompletion(
            fs, layout, new FsRetry(Duration.ofSeconds(2)), metrics, ZoneOffset.UTC, LATENESS);
  }

  @AfterEach
  void closeFs() throws Exception {
    fs.close();
  }

  private Path marker(HourPartition hour) {
    return dir.resolve("curated/" + hour.relativeDir() + "/_SUCCESS");
  }

  @Test
  void anHourIsMarkedOnceTheWatermarkPassesItsEndByTheLateness() throws Exception {
    completion.rowRead(H10);
    completion.rowRead(H11);

    completion.complete(END_10.plus(LATENESS).minusMillis(1), Set.of());
    assertThat(marker(H10)).doesNotExist();

    completion.complete(END_10.plus(LATENESS), Set.of());
    assertThat(marker(H10)).exists();
    assertThat(marker(H11)).doesNotExist();
    assertThat(completion.pending()).containsExactly(H11);
    assertThat(metrics.hoursCompleted()).isOne();

    completion.complete(END_10.plus(LATENESS).plusSeconds(1), Set.of());
    assertThat(metrics.hoursCompleted()).as("once").isOne();
  }

  @Test
  void anHourWithUnpublishedRowsWaitsForThem() throws Exception {
    completion.rowRead(H10);
    Instant due = END_10.plus(LATENESS).plus(Duration.ofHours(3));

    completion.complete(due, Set.of(H10));
    assertThat(marker(H10)).doesNotExist();

    completion.complete(due, Set.of());
    assertThat(marker(H10)).exists();
  }

  @Test
  void rowsOfAMarkedHourAreCountedAsAfterSuccess() throws Exception {
    completion.rowRead(H10);
    completion.complete(END_10.plus(LATENESS), Set.of());

    completion.rowRead(H10);
    assertThat(metrics.hoursCompleted()).isOne();
    assertThat(completion.pending()).as("a marked hour does not wait again").isEmpty();
    assertThat(metricsAfterSuccess()).isOne();
  }

  @Test
  void atStartUpHoursTheScanFindsUnmarkedWaitAndMarkedOnesCountLateRows() throws Exception {
    completion.seed(() -> List.of(new ScannedHour(H10, true), new ScannedHour(H11, false)));

    assertThat(completion.pending()).containsExactly(H11);
    completion.rowRead(H10);
    assertThat(metricsAfterSuccess()).isOne();
  }

  @Test
  void theLakeScanListsHourDirectoriesWithTheirMarkers() throws Exception {
    Files.createDirectories(marker(H10).getParent());
    Files.createFile(marker(H10));
    Files.createDirectories(dir.resolve("curated/" + H11.relativeDir()));
    Files.createDirectories(dir.resolve("curated/_logpipe_sink/log/logs_curated/0"));
    Files.createDirectories(dir.resolve("curated/dt=2025-12-24/not-an-hour"));
    Files.createFile(dir.resolve("curated/dt=2025-12-25"));

    assertThat(new LakeHourScan(fs, layout).hours())
        .containsExactlyInAnyOrder(new ScannedHour(H10, true), new ScannedHour(H11, false));
  }

  @Test
  void aLakeWithNothingYetHasNoHours() throws Exception {
    assertThat(new LakeHourScan(fs, layout).hours()).isEmpty();
  }

  private long metricsAfterSuccess() {
    return (long) registry.get("logpipe.sink.rows.after.success").functionCounter().count();
  }
}
