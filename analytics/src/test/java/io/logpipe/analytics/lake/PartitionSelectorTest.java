package io.logpipe.analytics.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.analytics.AnalyticsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partition selection on a real (local) Hadoop FileSystem; no Spark needed. */
class PartitionSelectorTest {

  @TempDir Path lake;

  private final PartitionSelector selector = new PartitionSelector(new Configuration());
  private String curated;

  @BeforeEach
  void layout() throws IOException {
    hour("2025-12-24", "22", true);
    hour("2025-12-24", "23", false);
    hour("2025-12-25", "00", true);
    hour("2025-12-26", "09", true);
    // Not data: an hour with only a temporary file, hidden entries, a foreign directory.
    Path tmpOnly = Files.createDirectories(lake.resolve("curated/dt=2025-12-25/hour=01"));
    Files.writeString(tmpOnly.resolve("_part-0.parquet.tmp"), "x");
    Files.writeString(tmpOnly.resolve(".part-1.parquet"), "x");
    Files.createDirectories(lake.resolve("curated/_temporary/dt=2025-12-25/hour=02"));
    Files.createDirectories(lake.resolve("curated/.staging"));
    Files.createDirectories(lake.resolve("curated/backup"));
    Files.createDirectories(lake.resolve("curated/dt=2025-12-25/hour=7"));
    curated = lake.resolve("curated").toUri().toString();
  }

  private void hour(String dt, String hour, boolean complete) throws IOException {
    Path dir = Files.createDirectories(lake.resolve("curated/dt=" + dt + "/hour=" + hour));
    Files.writeString(dir.resolve("part-0.snappy.parquet"), "data");
    if (complete) {
      Files.writeString(dir.resolve("_SUCCESS"), "");
    }
  }

  @Test
  void selectsEveryHourWithDataInTimeOrderAndReportsForeignEntries() {
    PartitionSelector.Selection s = selector.select(curated, Optional.empty(), false);
    assertThat(s.partitions())
        .extracting(p -> p.dtValue() + "/" + p.hourValue())
        .containsExactly("2025-12-24/22", "2025-12-24/23", "2025-12-25/00", "2025-12-26/09");
    assertThat(s.skippedEmpty()).isEqualTo(1);
    assertThat(s.unexpected())
        .hasSize(2)
        .anyMatch(u -> u.endsWith("/backup"))
        .anyMatch(u -> u.endsWith("/hour=7"));
    assertThat(s.span().label()).isEqualTo("2025-12-24T22_2025-12-26T09");
  }

  @Test
  void rangeAndCompleteOnlyNarrowTheSelection() {
    Optional<HourRange> range =
        Optional.of(
            new HourRange(LocalDateTime.of(2025, 12, 24, 23, 0), HourRange.parseTo("2025-12-25")));
    assertThat(selector.select(curated, range, false).partitions())
        .extracting(HourDirectory::hourValue)
        .containsExactly("23", "00");
    PartitionSelector.Selection complete = selector.select(curated, range, true);
    assertThat(complete.partitions()).extracting(HourDirectory::hourValue).containsExactly("00");
    assertThat(complete.skippedIncomplete()).isEqualTo(1);
  }

  @Test
  void missingEmptyAndOutOfRangeLakesAreClearErrors() throws IOException {
    assertThatThrownBy(
            () ->
                selector.select(
                    lake.resolve("nope/curated").toUri().toString(), Optional.empty(), false))
        .isInstanceOf(AnalyticsException.class)
        .hasMessageContaining("does not exist");
    Path empty = Files.createDirectories(lake.resolve("empty/curated"));
    assertThatThrownBy(() -> selector.select(empty.toUri().toString(), Optional.empty(), false))
        .hasMessageContaining("has no dt=YYYY-MM-DD/hour=HH partitions");
    Optional<HourRange> later =
        Optional.of(new HourRange(HourRange.parseFrom("2026-01-01"), HourRange.OPEN_END));
    assertThatThrownBy(() -> selector.select(curated, later, false))
        .hasMessageContaining("no data to analyse between 2026-01-01T00 .. the last hour")
        .hasMessageContaining("the lake has days 2025-12-24 .. 2025-12-26");
  }
}
