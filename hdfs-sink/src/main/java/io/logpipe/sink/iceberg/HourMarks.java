package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.sink.metrics.SinkMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * The Iceberg counterpart of {@code _SUCCESS}: once the watermark is past an hour's end plus the
 * allowed lateness and this instance holds no uncommitted row of it, the table property {@code
 * logpipe.hour-complete.<dt>T<HH>} is set (its value: the watermark then, ISO-8601). Readers poll
 * the table's properties after a refresh. Same promise and the same per-instance caveat as the file
 * mode's marker.
 */
final class HourMarks {

  static final String PREFIX = io.logpipe.lake.LakeNames.HOUR_COMPLETE_PROPERTY_PREFIX;

  private final SerialCommits serial;
  private final Table table;
  private final ZoneId zone;
  private final Duration allowedLateness;
  private final SinkMetrics metrics;
  private final TreeSet<HourPartition> pending = new TreeSet<>();

  HourMarks(Table table, ZoneId zone, Duration allowedLateness, SinkMetrics metrics) {
    this(table, zone, allowedLateness, metrics, new SerialCommits());
  }

  HourMarks(
      Table table,
      ZoneId zone,
      Duration allowedLateness,
      SinkMetrics metrics,
      SerialCommits serial) {
    this.serial = serial;
    this.table = table;
    this.zone = zone;
    this.allowedLateness = allowedLateness;
    this.metrics = metrics;
  }

  /** The property marking {@code hour} complete. */
  static String key(HourPartition hour) {
    return PREFIX + hour.label();
  }

  /** Whether {@code table} records {@code hour} as complete (what readers ask). */
  static boolean isComplete(Table table, HourPartition hour) {
    return table.properties().containsKey(key(hour));
  }

  /**
   * At start-up: hours the table holds without a mark (left by a crash) wait for it again.
   *
   * @return the marked hours that hold more than one data file (a crash interrupted their rewrite,
   *     or rows came after their mark): to rewrite again, in time order
   */
  List<HourPartition> seed() {
    table.refresh();
    if (table.currentSnapshot() == null) {
      return List.of();
    }
    Map<HourPartition, Integer> filesOfMarked = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        StructLike p = t.file().partition();
        HourPartition h =
            new HourPartition(
                DateTimeUtil.dateFromDays(p.get(0, Integer.class)), p.get(1, Integer.class));
        if (isComplete(table, h)) {
          filesOfMarked.merge(h, 1, Integer::sum);
        } else {
          pending.add(h);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<HourPartition> uncompacted = new ArrayList<>();
    filesOfMarked.forEach(
        (h, files) -> {
          if (files > 1) {
            uncompacted.add(h);
          }
        });
    return uncompacted;
  }

  /** Whether an hour waits for its mark (the check is cheap: callers skip their work without). */
  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Rows of these hours were committed; counts those after their hour's mark. */
  void committed(Map<HourPartition, Long> rowsPerHour) {
    for (Map.Entry<HourPartition, Long> e : rowsPerHour.entrySet()) {
      if (isComplete(table, e.getKey())) {
        metrics.lateAfterSuccess(e.getValue());
      } else {
        pending.add(e.getKey());
      }
    }
  }

  /**
   * Marks the pending hours the watermark has passed by the allowed lateness, except those in
   * {@code held} (uncommitted rows of them are in this instance).
   */
  List<HourPartition> markDue(Optional<Instant> watermark, Set<HourPartition> held) {
    List<HourPartition> due = due(watermark, held);
    if (due.isEmpty()) {
      return due;
    }
    UpdateProperties update = table.updateProperties();
    for (HourPartition h : due) {
      update.set(key(h), watermark.get().toString());
    }
    serial.commit(update);
    due.forEach(pending::remove);
    due.forEach(h -> metrics.hourCompleted());
    return due;
  }

  /** The pending hours {@link #markDue} would mark now, without marking them. */
  List<HourPartition> due(Optional<Instant> watermark, Set<HourPartition> held) {
    if (watermark.isEmpty() || pending.isEmpty()) {
      return List.of();
    }
    List<HourPartition> due = new ArrayList<>();
    for (HourPartition h : pending) {
      if (!h.end(zone).plus(allowedLateness).isAfter(watermark.get()) && !held.contains(h)) {
        due.add(h);
      }
    }
    return due;
  }

  /** Hours marked in {@code properties}, oldest first. */
  static List<HourPartition> marked(Map<String, String> properties) {
    List<HourPartition> out = new ArrayList<>();
    for (String k : properties.keySet()) {
      if (k.startsWith(PREFIX)) {
        String label = k.substring(PREFIX.length());
        out.add(
            new HourPartition(
                LocalDate.parse(label.substring(0, 10)), Integer.parseInt(label.substring(11))));
      }
    }
    out.sort(null);
    return out;
  }
}
