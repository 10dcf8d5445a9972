package io.logpipe.sink.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.lake.LakeInspector;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Lineage ids (raw_topic, raw_partition, raw_offset) and reading them back from a lake with
 * parquet-avro.
 */
public final class Lineage {

  private Lineage() {}

  public static String key(LogEvent e) {
    return e.getRawTopic() + "/" + e.getRawPartition() + "/" + e.getRawOffset();
  }

  /** Every row's lineage key in every visible file of the lake, duplicates kept. */
  public static List<String> readLake(URI lake, Configuration conf) throws IOException {
    List<String> keys = new ArrayList<>();
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      for (Path file : inspector.visibleFiles()) {
        try (ParquetReader<LogEvent> reader =
            AvroParquetReader.<LogEvent>builder(HadoopInputFile.fromPath(file, conf))
                .withDataModel(SpecificData.getForClass(LogEvent.class))
                .build()) {
          for (LogEvent e = reader.read(); e != null; e = reader.read()) {
            keys.add(key(e));
          }
        }
      }
    }
    return keys;
  }

  /**
   * Asserts that the lake holds every {@code produced} lineage key once and nothing else.
   *
   * @return the lake's lineage keys
   */
  public static List<String> assertExactlyOnce(
      Collection<String> produced, URI lake, Configuration conf) throws IOException {
    List<String> rows = readLake(lake, conf);
    assertThat(compare(produced, rows)).isEqualTo(Map.of("lost", 0L, "duplicated", 0L));
    return rows;
  }

  /** Rows in the lake's committed files now. */
  public static long committedRows(URI lake, Configuration conf) throws IOException {
    try (LakeInspector inspector = LakeInspector.open(lake, conf)) {
      return inspector.countCommittedRows();
    }
  }

  /**
   * Multiset difference summary: how many expected keys are missing and how many extra/duplicated
   * ones exist.
   */
  public static Map<String, Long> compare(Collection<String> expected, Collection<String> actual) {
    Map<String, Long> counts = new HashMap<>();
    for (String k : actual) {
      counts.merge(k, 1L, Long::sum);
    }
    long lost = 0;
    for (String k : expected) {
      Long c = counts.get(k);
      if (c == null || c == 0) {
        lost++;
      } else {
        counts.put(k, c - 1);
      }
    }
    long extra = counts.values().stream().mapToLong(Long::longValue).sum();
    return Map.of("lost", lost, "duplicated", extra);
  }
}
