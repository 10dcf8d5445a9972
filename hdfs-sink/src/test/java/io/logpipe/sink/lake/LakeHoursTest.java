package io.logpipe.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.layout.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curated table's hours by completeness, on Hadoop's local file system. */
class LakeHoursTest {

  private static final LocalDate DAY = LocalDate.of(2025, 12, 24);

  @TempDir Path lake;

  @Test
  void oneWalkSplitsTheHoursBySuccessMarkerAndSkipsTheSinkArea() throws IOException {
    touch("curated/dt=2025-12-24/hour=07/part-a.snappy.parquet");
    touch("curated/dt=2025-12-24/hour=07/_SUCCESS");
    touch("curated/dt=2025-12-24/hour=08/part-b.snappy.parquet");
    touch("curated/dt=2025-12-24/hour=06/part-c.snappy.parquet");
    touch("curated/_logpipe_sink/tmp/logs_curated/0/dt=2025-12-24/hour=09/x.parquet");
    touch("curated/dt=2025-12-24/hour=9/part-d.snappy.parquet");

    try (FileSystem fs = FileSystem.newInstance(lake.toUri(), new Configuration())) {
      LakeHours.Completeness hours = new LakeHours(fs, new LakeLayout(lake.toUri())).completeness();
      assertThat(hours.complete()).containsExactly(new HourPartition(DAY, 7));
      assertThat(hours.incomplete())
          .containsExactly(new HourPartition(DAY, 6), new HourPartition(DAY, 8));
    }
  }

  @Test
  void aLakeWithoutCuratedTableHasNoHours() throws IOException {
    try (FileSystem fs = FileSystem.newInstance(lake.toUri(), new Configuration())) {
      LakeHours.Completeness hours =
          new LakeHours(fs, new LakeLayout(lake.resolve("nothing").toUri())).completeness();
      assertThat(hours.complete()).isEmpty();
      assertThat(hours.incomplete()).isEmpty();
    }
  }

  private void touch(String relative) throws IOException {
    Path f = lake.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "x");
  }
}
