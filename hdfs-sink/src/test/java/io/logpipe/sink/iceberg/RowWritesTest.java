package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.support.Events;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A poll's rows written on the writer thread, in order, failures surfacing on the next wait. */
class RowWritesTest {

  private static final ZoneId ZONE = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir Path dir;

  private final Random rnd = new Random(9);

  private Table open() {
    return LocalTables.hadoop(dir);
  }

  private List<RowWrites.Write> poll(PartitionBatch b, long from, int count) {
    List<RowWrites.Write> out = new ArrayList<>();
    for (long o = from; o < from + count; o++) {
      LogEvent e = Events.event(T0.plusSeconds(o), "logs_raw", 0, o, rnd);
      HourPartition h = HourPartition.of(e.getTs(), ZONE);
      out.add(new RowWrites.Write(b, new RowWrites.Row(0, o, h, Events.row(e), e.getTs())));
    }
    return out;
  }

  @Test
  void everyPollsRowsAreInTheBatchAfterTheWait() throws Exception {
    PartitionBatch b = new PartitionBatch(open(), "t", 0, OptionalLong.empty(), Instant.now());
    try (RowWrites writes = new RowWrites()) {
      writes.submit(poll(b, 0, 500), Instant.now());
      writes.submit(poll(b, 500, 1_500), Instant.now()); // waits for the first poll's rows
      writes.submit(List.of(), Instant.now());
      writes.await();
    }
    assertThat(b.records()).isEqualTo(2_000);
    assertThat(b.end()).isEqualTo(2_000);
    long inFiles = 0;
    for (DataFile f : b.close()) {
      inFiles += f.recordCount();
    }
    assertThat(inFiles).isEqualTo(2_000);
  }

  @Test
  void aFailedWriteIsThrownByTheNextWaitOnce() {
    PartitionBatch b = new PartitionBatch(open(), "t", 0, OptionalLong.empty(), Instant.now());
    HourPartition h = HourPartition.of(T0, ZONE);
    try (RowWrites writes = new RowWrites()) {
      writes.submit(
          List.of(new RowWrites.Write(b, new RowWrites.Row(0, 0, h, null, T0))), Instant.now());

      assertThatThrownBy(writes::await).isInstanceOf(RuntimeException.class);
      assertThatCode(writes::await).doesNotThrowAnyException();
    } finally {
      b.discard();
    }
  }
}
