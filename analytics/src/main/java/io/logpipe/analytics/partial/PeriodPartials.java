package io.logpipe.analytics.partial;

import io.logpipe.analytics.lake.HourDirectory;
import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LakeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the stored partials of a period's hours and merges them ({@link PeriodKpis}). The rows read
 * are kept, per hour and for the curated files they stand for, so that the next refresh of a
 * long-running job reads only the hours computed since: a watch pass that computed one hour reads
 * one file, not the whole period.
 */
public final class PeriodPartials {

  private record Read(HourInput.Source source, List<Row> rows) {}

  private final SparkSession spark;
  private final PartialStore store;
  private final Map<HourPartition, Read> kept = new HashMap<>();

  public PeriodPartials(SparkSession spark, PartialStore store) {
    this.spark = spark;
    this.store = store;
  }

  /**
   * Takes {@code rows} as the stored partials of {@code hour}, just written from them: the next
   * merge need not read them back.
   */
  public void keep(HourDirectory hour, List<Row> rows) {
    kept.put(hour.partition(), new Read(hour.source(), List.copyOf(rows)));
  }

  /**
   * The merged partials of {@code hours}, whose stored partials are up to date with their current
   * files; hours without rows have no partial file and are left out by the caller.
   */
  public PeriodKpis merge(List<HourDirectory> hours) {
    Set<HourPartition> wanted =
        hours.stream().map(HourDirectory::partition).collect(Collectors.toSet());
    kept.keySet().retainAll(wanted);
    List<HourDirectory> toRead = new ArrayList<>();
    for (HourDirectory h : hours) {
      Read k = kept.get(h.partition());
      if (k == null || !k.source().equals(h.source())) {
        toRead.add(h);
      }
    }
    if (!toRead.isEmpty()) {
      Map<HourPartition, List<Row>> read = new HashMap<>();
      // One job for all hours: a local iterator would run one job per file, one after the other.
      List<Row> rows =
          spark
              .read()
              .schema(PartialRows.SCHEMA)
              .option("basePath", store.table())
              .parquet(
                  toRead.stream().map(h -> store.hourDir(h.partition())).toArray(String[]::new))
              .collectAsList();
      for (Row r : rows) {
        HourPartition hour =
            new HourPartition(
                java.time.LocalDate.parse(r.getString(r.fieldIndex(LakeNames.DT))),
                Integer.parseInt(r.getString(r.fieldIndex(LakeNames.HOUR))));
        read.computeIfAbsent(hour, x -> new ArrayList<>()).add(r);
      }
      for (HourDirectory h : toRead) {
        kept.put(h.partition(), new Read(h.source(), read.getOrDefault(h.partition(), List.of())));
      }
    }
    PeriodKpis kpis = new PeriodKpis();
    for (HourDirectory h : hours) {
      kept.get(h.partition()).rows().forEach(kpis::add);
    }
    return kpis;
  }
}
