package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.support.Events;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table's files written from the records' Avro bytes hold what Iceberg's generic writer writes
 * for the same events: the same rows read back, and the same metrics in their {@link DataFile}.
 */
class EncodedRowWriterTest {

  private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  private static final Instant T0 = Instant.parse("2026-03-29T00:30:00Z"); // DST day in Paris
  private static final HourPartition HOUR = HourPartition.of(T0, ZONE);

  @TempDir Path dir;

  @Test
  void sameRowsAndMetricsAsIcebergsGenericWriter() throws IOException {
    Table table = LocalTables.hadoop(dir);
    // small row groups: several per file, so the metrics merge row groups' statistics
    DataFileWriters files = new DataFileWriters(table, 32 * 1024);
    List<LogEvent> events = events(12_000);

    DataWriter<EncodedRow> encoded = files.open(HOUR, files.location(HOUR, "encoded.parquet"));
    DataWriter<Record> generic = files.openRecords(HOUR, files.location(HOUR, "generic.parquet"));
    List<Record> expected = new ArrayList<>();
    for (LogEvent e : events) {
      encoded.write(Events.row(e));
      Record r = record(e);
      generic.write(r);
      expected.add(r);
    }
    encoded.close();
    generic.close();
    DataFile a = encoded.toDataFile();
    DataFile b = generic.toDataFile();

    assertThat(a.recordCount()).isEqualTo(events.size()).isEqualTo(b.recordCount());
    assertThat(a.partition()).isEqualTo(b.partition());
    assertThat(a.valueCounts()).isEqualTo(b.valueCounts()).hasSize(17);
    assertThat(a.nullValueCounts()).isEqualTo(b.nullValueCounts());
    assertThat(a.nanValueCounts()).isEqualTo(b.nanValueCounts());
    // every column but referrer (only nulls: no bounds)
    assertThat(a.lowerBounds()).isEqualTo(b.lowerBounds()).hasSize(16);
    assertThat(a.upperBounds()).isEqualTo(b.upperBounds()).hasSize(16);
    assertThat(a.columnSizes()).isEqualTo(b.columnSizes());
    assertThat(a.splitOffsets()).isEqualTo(b.splitOffsets()).hasSizeGreaterThan(1);
    assertThat(a.nullValueCounts().get(10)).isEqualTo(events.size()); // referrer, always null

    table.newAppend().appendFile(a).commit();
    List<Record> read = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).where(Expressions.alwaysTrue()).build()) {
      rows.forEach(read::add);
    }
    assertThat(read).containsExactlyElementsOf(expected);
  }

  private List<LogEvent> events(int n) {
    Random rnd = new Random(11);
    List<LogEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LogEvent e = Events.event(T0.plusMillis(i * 7L), "logs_raw", 2, 1_000 + i, rnd);
      if (i % 97 == 0) {
        e.setPath("/caf\u00e9/\u00fcber/\u65e5\u672c/" + i); // multi-byte UTF-8
      }
      if (i % 89 == 0) {
        e.setQuery("");
        e.setUa(null);
        e.setRtMs(null);
      }
      out.add(e);
    }
    return out;
  }

  /** An event as a generic row of the table, as the sink built them before. */
  private static Record record(LogEvent e) {
    GenericRecord r = GenericRecord.create(LogEventTable.SCHEMA);
    r.set(0, e.getTs().atOffset(ZoneOffset.UTC));
    r.set(1, e.getHost());
    r.set(2, e.getMethod());
    r.set(3, e.getPath());
    r.set(4, e.getQuery());
    r.set(5, e.getStatus());
    r.set(6, e.getBytes());
    r.set(7, e.getIp());
    r.set(8, e.getUa());
    r.set(9, e.getReferrer());
    r.set(10, e.getRtMs());
    r.set(11, e.getFormat().name());
    r.set(12, e.getRawTopic());
    r.set(13, e.getRawPartition());
    r.set(14, e.getRawOffset());
    r.set(15, HOUR.date());
    r.set(16, HOUR.hour());
    return r;
  }
}
