package io.logpipe.cli.scaleout;

import io.logpipe.lake.HourPartition;
import io.logpipe.lake.PartFileName;
import io.logpipe.processor.topology.StatusCountKey;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.lake.LakeInspector;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Every row of the lake's visible Parquet files, read back with parquet-avro, and what the checks
 * compare from them: lineage (raw partition and offset, duplicates kept), events per window and
 * status counted here independently of the processor, event-time hours, and the highest event time
 * per raw partition (the progress the processor's watermark is the minimum of).
 */
final class LakeRows {

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  private final Map<String, Integer> lineage = new HashMap<>();
  private final Map<StatusCountKey, Long> perWindowStatus = new HashMap<>();
  private final Set<String> hours = new TreeSet<>();
  private final Map<Integer, Instant> progress = new TreeMap<>();
  private final Set<String> completeHours = new TreeSet<>();
  private long rows;

  private LakeRows() {}

  /** Reads the whole lake (UTC hours, as the sink is run here). */
  static LakeRows read(URI lake, Configuration conf, Duration window) throws IOException {
    LakeRows r = new LakeRows();
    long windowMs = window.toMillis();
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      for (Path file : inspector.visibleFiles()) {
        try (ParquetReader<LogEvent> reader =
            AvroParquetReader.<LogEvent>builder(HadoopInputFile.fromPath(file, conf))
                .withDataModel(SpecificData.getForClass(LogEvent.class))
                .build()) {
          for (LogEvent e = reader.read(); e != null; e = reader.read()) {
            r.add(e, windowMs);
          }
        }
      }
      for (HourPartition h : inspector.completedHours()) {
        r.completeHours.add(h.label());
      }
    }
    return r;
  }

  /** Hours with {@code _SUCCESS} (of the lake as it is now), as {@code yyyy-MM-ddTHH}. */
  static Set<String> completeHours(URI lake, Configuration conf) throws IOException {
    Set<String> complete = new TreeSet<>();
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      for (HourPartition h : inspector.completedHours()) {
        complete.add(h.label());
      }
    }
    return complete;
  }

  /** Rows committed now, from the Parquet footers. */
  static long committedRows(URI lake, Configuration conf) throws IOException {
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      return inspector.countCommittedRows();
    }
  }

  /**
   * The highest offset of {@code logs_curated} published in the lake, by partition: what the sink
   * has committed (the lake is the source of truth for its progress).
   */
  static Map<Integer, Long> publishedOffsets(URI lake, Configuration conf) throws IOException {
    Map<Integer, Long> published = new TreeMap<>();
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      for (Path file : inspector.visibleFiles()) {
        PartFileName name = PartFileName.parse(file.getName());
        if (name != null) {
          published.merge(name.partition(), name.lastOffset(), Math::max);
        }
      }
    }
    return published;
  }

  private void add(LogEvent e, long windowMs) {
    rows++;
    lineage.merge(e.getRawPartition() + "@" + e.getRawOffset(), 1, Integer::sum);
    long ms = e.getTs().toEpochMilli();
    perWindowStatus.merge(
        new StatusCountKey(ms - Math.floorMod(ms, windowMs), e.getStatus()), 1L, Long::sum);
    hours.add(HOUR.format(e.getTs()));
    progress.merge(e.getRawPartition(), e.getTs(), (a, b) -> a.isAfter(b) ? a : b);
  }

  long rows() {
    return rows;
  }

  /** Lineage ({@code partition@offset}) to how many rows carry it. */
  Map<String, Integer> lineage() {
    return lineage;
  }

  /** Lineage ids found on more than one row. */
  List<String> duplicated() {
    List<String> twice = new ArrayList<>();
    lineage.forEach(
        (id, n) -> {
          if (n > 1) {
            twice.add(id + " x" + n);
          }
        });
    return twice;
  }

  Map<StatusCountKey, Long> perWindowStatus() {
    return perWindowStatus;
  }

  /** Event-time hours holding rows, as {@code yyyy-MM-ddTHH}. */
  Set<String> hours() {
    return hours;
  }

  /** Hours with {@code _SUCCESS} when the lake was read. */
  Set<String> completeHoursRead() {
    return completeHours;
  }

  /** The lowest, over raw partitions, of the highest event time curated from each. */
  Instant slowestPartitionProgress() {
    return progress.values().stream().min(Instant::compareTo).orElse(Instant.MIN);
  }
}
