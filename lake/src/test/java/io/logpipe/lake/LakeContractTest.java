package io.logpipe.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's contract: every name and rule that the sink writes by and the analytics job, the
 * dashboard and the command line read by. A change here is a change of the lake's format, which
 * lakes already written must survive.
 */
class LakeContractTest {

  private static final LocalDate DAY = LocalDate.of(2025, 12, 24);

  @TempDir Path lake;

  private final HourWalker<Path> walker = new HourWalker<>(new LocalDirectoryLister());

  @Test
  void topLevelNamesAndTheHiddenRule() {
    assertThat(LakeNames.CURATED).isEqualTo("curated");
    assertThat(LakeNames.ANALYTICS).isEqualTo("analytics");
    assertThat(LakeNames.SUCCESS).isEqualTo("_SUCCESS");
    assertThat(LakeNames.DT).isEqualTo("dt");
    assertThat(LakeNames.HOUR).isEqualTo("hour");
    assertThat(LakeNames.isHidden("_SUCCESS")).isTrue();
    assertThat(LakeNames.isHidden("_logpipe_sink")).isTrue();
    assertThat(LakeNames.isHidden(".part.crc")).isTrue();
    assertThat(LakeNames.isHidden("part-x.parquet")).isFalse();
    assertThat(LakeNames.isParquetData("part-x.snappy.parquet")).isTrue();
    assertThat(LakeNames.isParquetData("_part-x.parquet")).isFalse();
    assertThat(LakeNames.isParquetData("part-x.csv")).isFalse();
    assertThat(LakeNames.under("hdfs://nn:8020/datalake/logs/", LakeNames.CURATED))
        .isEqualTo("hdfs://nn:8020/datalake/logs/curated");
    assertThat(LakeNames.under("/tmp/lake", LakeNames.ANALYTICS)).isEqualTo("/tmp/lake/analytics");
  }

  @Test
  void theSinkAreaIsHiddenAndNamesOffsetsWithTwentyDigits() {
    assertThat(SinkArea.DIR).isEqualTo("_logpipe_sink");
    assertThat(LakeNames.isHidden(SinkArea.DIR)).isTrue();
    assertThat(LakeNames.offset(42)).isEqualTo("00000000000000000042");
    assertThat(SinkArea.tempDir("logs_curated", 1)).isEqualTo("_logpipe_sink/tmp/logs_curated/1");
    assertThat(SinkArea.logDir("logs_curated", 1)).isEqualTo("_logpipe_sink/log/logs_curated/1");
    assertThat(SinkArea.quarantineFile("logs_curated", 3, 7))
        .isEqualTo("_logpipe_sink/quarantine/logs_curated/3/00000000000000000007.bin");
    assertThat(SinkArea.manifestName(42)).isEqualTo("00000000000000000042.commit");
    assertThat(SinkArea.manifestFrom("00000000000000000042.commit")).isEqualTo(42);
    assertThat(SinkArea.manifestFrom("42.commit")).isEqualTo(-1);
    assertThat(SinkArea.manifestFrom("abc.commit")).isEqualTo(-1);
    assertThat(SinkArea.manifestFrom("00000000000000000042.commit.tmp")).isEqualTo(-1);
  }

  @Test
  void partFilesNameTheirTopicPartitionAndOffsets() {
    // Parsing and validation: PartFileNameTest.
    String name = new PartFileName("logs_curated", 2, 9, 100, "snappy").format();
    assertThat(name)
        .isEqualTo("part-logs_curated+2+00000000000000000009+00000000000000000100.snappy.parquet");
    assertThat(LakeNames.isParquetData(name)).isTrue();
  }

  @Test
  void lateTracesNameTheLateFileAndAreHiddenAndNotData() {
    PartFileName late = new PartFileName("logs_curated", 2, 9, 100, "snappy");
    LateTrace trace = LateTrace.of(late);
    assertThat(trace.name())
        .isEqualTo("_LATE+logs_curated+2+00000000000000000009+00000000000000000100");
    assertThat(LakeNames.isHidden(trace.name())).isTrue();
    assertThat(LakeNames.isParquetData(trace.name())).isFalse();
    assertThat(trace.name()).doesNotContain(".parquet", "=");
    assertThat(LateTrace.isTrace(trace.name())).isTrue();
    assertThat(LateTrace.parse(trace.name())).isEqualTo(trace);
    assertThat(LateTrace.parse(late.format())).isNull();
    assertThat(LateTrace.isTrace("_LATE+x+1+42+43")).isFalse();
    assertThat(LateTrace.content(late, 57))
        .isEqualTo(
            "57 part-logs_curated+2+00000000000000000009+00000000000000000100.snappy.parquet\n");
  }

  @Test
  void analyticsOutputs() {
    assertThat(
            List.of(
                AnalyticsNames.KPI_BY_HOUR,
                AnalyticsNames.TOP_PATHS,
                AnalyticsNames.KPI_BY_HOST,
                AnalyticsNames.TOP_PATHS_CSV))
        .containsExactly("kpi_by_hour", "top_paths", "kpi_by_host", "top_paths_csv");
    assertThat(AnalyticsNames.HOURLY).isEqualTo("hourly");
    assertThat(AnalyticsNames.HOURLY_INPUT).isEqualTo("_INPUT");
    assertThat(LakeNames.isHidden(AnalyticsNames.HOURLY_INPUT)).isTrue();
    assertThat(AnalyticsNames.SUMMARY).isEqualTo("summary.json");
    assertThat(AnalyticsNames.REPORT).isEqualTo("report.html");
    assertThat(AnalyticsNames.TOP_PATHS_CSV_FILE).isEqualTo("top_paths.csv");
    assertThat(AnalyticsNames.periodDir(AnalyticsNames.TOP_PATHS, "2025-12-24T00_2025-12-24T23"))
        .isEqualTo("top_paths/period=2025-12-24T00_2025-12-24T23");
    assertThat(AnalyticsNames.isPartFile("part-00000-1b2c.c000.snappy.parquet")).isTrue();
    assertThat(AnalyticsNames.isPartFile("_SUCCESS")).isFalse();
  }

  @Test
  void hourDirectoriesAreNamedInLocalTimeOfTheLakesZone() {
    HourPartition h = new HourPartition(DAY, 7);
    assertThat(h.relativeDir()).isEqualTo("dt=2025-12-24/hour=07");
    assertThat(h.dtValue() + " " + h.hourValue() + " " + h.label())
        .isEqualTo("2025-12-24 07 2025-12-24T07");
    assertThat(HourPartition.parseDir("hdfs://nn:8020/lake/curated/dt=2025-12-24/hour=07"))
        .isEqualTo(h);
    assertThatThrownBy(() -> HourPartition.parseDir("/lake/curated/_logpipe_sink"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HourPartition(DAY, 24))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HourPartition.parseHourDirName("hour=7")).isEmpty();
    assertThat(HourPartition.parseHourDirName("hour=24")).isEmpty();
    assertThat(HourPartition.parseDayDirName("dt=2025-13-01")).isEmpty();

    ZoneId newYork = ZoneId.of("America/New_York");
    Instant t = Instant.parse("2025-12-25T03:10:00Z");
    assertThat(HourPartition.of(t, ZoneOffset.UTC).relativeDir())
        .isEqualTo("dt=2025-12-25/hour=03");
    assertThat(HourPartition.of(t, newYork).relativeDir()).isEqualTo("dt=2025-12-24/hour=22");
    assertThat(new HourPartition(DAY, 22).start(newYork))
        .isEqualTo(Instant.parse("2025-12-25T03:00:00Z"));
    assertThat(new HourPartition(DAY, 22).end(newYork))
        .isEqualTo(Instant.parse("2025-12-25T04:00:00Z"));
  }

  @Test
  void aFallBackHourSpansBothOccurrencesAndASpringForwardGapHasNoDirectory() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    HourPartition repeated = new HourPartition(LocalDate.of(2025, 10, 26), 2);
    assertThat(HourPartition.of(Instant.parse("2025-10-26T00:30:00Z"), paris)).isEqualTo(repeated);
    assertThat(HourPartition.of(Instant.parse("2025-10-26T01:30:00Z"), paris)).isEqualTo(repeated);
    assertThat(repeated.start(paris)).isEqualTo(Instant.parse("2025-10-26T00:00:00Z"));
    assertThat(repeated.end(paris)).isEqualTo(Instant.parse("2025-10-26T02:00:00Z"));
    assertThat(HourPartition.of(Instant.parse("2025-03-30T00:59:59Z"), paris).hour()).isEqualTo(1);
    assertThat(HourPartition.of(Instant.parse("2025-03-30T01:00:00Z"), paris).hour()).isEqualTo(3);
  }

  @Test
  void theWalkerReadsHourDirectoriesInTimeOrderAndReportsForeignOnes() throws IOException {
    Path curated = lake.resolve(LakeNames.CURATED);
    Path h23 =
        file(curated, "dt=2025-12-24/hour=23/" + new PartFileName("t", 0, 0, 9, "snappy").format());
    file(curated, "dt=2025-12-24/hour=23/" + LakeNames.SUCCESS);
    String trace = LateTrace.of(new PartFileName("t", 0, 10, 12, "snappy")).name();
    file(curated, "dt=2025-12-24/hour=23/" + trace);
    file(curated, "dt=2025-12-24/hour=22/part-a.snappy.parquet");
    file(curated, "dt=2025-12-24/hour=22/.part-a.snappy.parquet.crc");
    file(curated, "dt=2025-12-24/hour=22/notes.txt");
    file(curated, "dt=2025-12-26/hour=09/part-b.snappy.parquet");
    file(curated, "dt=2025-12-24/hour=7/part-c.snappy.parquet");
    file(curated, SinkArea.tempDir("t", 0) + "/dt=2025-12-25/hour=01/x.parquet");
    file(curated, ".staging/dt=2025-12-25/hour=02/x.parquet");
    file(curated, "README");
    Files.createDirectories(curated.resolve("backup"));

    HourScan<Path> scan = walker.scan(curated).orElseThrow();
    assertThat(scan.hours())
        .extracting(l -> l.partition().label())
        .containsExactly("2025-12-24T22", "2025-12-24T23", "2025-12-26T09");
    assertThat(scan.hours().get(1).path()).isEqualTo(h23.getParent());
    assertThat(scan.days()).containsExactly(DAY, LocalDate.of(2025, 12, 26));
    assertThat(scan.unexpected())
        .containsExactlyInAnyOrder(
            curated.resolve("backup"), curated.resolve("dt=2025-12-24/hour=7"));

    HourContents<Path> h22 = walker.contents(scan.hours().get(0));
    assertThat(h22.complete()).isFalse();
    assertThat(h22.parquetFiles())
        .extracting(LakeEntry::name)
        .containsExactly("part-a.snappy.parquet");
    assertThat(h22.visibleFiles())
        .extracting(LakeEntry::name)
        .containsExactlyInAnyOrder("part-a.snappy.parquet", "notes.txt");
    assertThat(h22.unexpected())
        .extracting(LakeEntry::name)
        .containsExactlyInAnyOrder(".part-a.snappy.parquet.crc", "notes.txt");
    HourContents<Path> h23Contents = walker.contents(scan.hours().get(1));
    assertThat(h23Contents.complete()).isTrue();
    assertThat(h23Contents.marker().orElseThrow().name()).isEqualTo(LakeNames.SUCCESS);
    assertThat(h23Contents.parquetFiles()).hasSize(1);
    assertThat(h23Contents.lateTraces()).extracting(LakeEntry::name).containsExactly(trace);
    assertThat(h23Contents.unexpected()).isEmpty();
    assertThat(h22.lateTraces()).isEmpty();
  }

  @Test
  void daysTheCallerPrunesAreNotListedAndAMissingTableIsNoScan() throws IOException {
    Path curated = lake.resolve(LakeNames.CURATED);
    file(curated, "dt=2025-12-24/hour=22/part-a.parquet");
    file(curated, "dt=2025-12-25/hour=00/part-a.parquet");
    file(curated, "dt=2025-12-25/hour=x/part-a.parquet");

    HourScan<Path> pruned = walker.scan(curated, day -> day.isAfter(DAY)).orElseThrow();
    assertThat(pruned.hours())
        .extracting(l -> l.partition().label())
        .containsExactly("2025-12-25T00");
    assertThat(pruned.days()).containsExactly(DAY, DAY.plusDays(1));
    assertThat(pruned.unexpected()).containsExactly(curated.resolve("dt=2025-12-25/hour=x"));

    assertThat(walker.scan(lake.resolve("nope"))).isEqualTo(Optional.empty());
    assertThat(walker.hours(lake.resolve("nope"))).isEmpty();
    Path gone = lake.resolve("gone");
    assertThat(walker.contents(new HourLocation<>(new HourPartition(DAY, 1), gone)).entries())
        .isEmpty();
  }

  private static Path file(Path root, String relative) throws IOException {
    Path f = root.resolve(relative);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, "x");
  }
}
