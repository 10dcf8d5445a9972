package io.logpipe.dashboard.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.lake.AnalyticsNames;
import io.logpipe.lake.HourLocation;
import io.logpipe.lake.HourWalker;
import io.logpipe.lake.LakeNames;
import io.logpipe.sink.lake.HadoopLakeLister;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads what the Spark job wrote under {@code <lake>/analytics/}. The job writes {@code
 * summary.json} after its tables, so the summary's modification time identifies a run: the tables
 * are read again only when it changes, which is how a new run shows without a restart.
 */
public final class AnalyticsTables implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI lake;
  private final Path output;
  private final FileSystem fs;
  private final HourWalker<Path> walker;
  private long loadedRun = Long.MIN_VALUE;
  private BatchView cached;

  public AnalyticsTables(URI lake, Configuration conf) throws IOException {
    this.lake = lake;
    this.output = new Path(new Path(lake), LakeNames.ANALYTICS);
    this.fs = FileSystem.newInstance(lake, conf);
    this.walker = HadoopLakeLister.walker(fs);
  }

  /**
   * The newest run's tables; a lake without a run is a {@link BatchView#problem()} naming the
   * command.
   */
  public synchronized BatchView read() {
    Path summary = new Path(output, AnalyticsNames.SUMMARY);
    try {
      FileStatus st;
      try {
        st = fs.getFileStatus(summary);
      } catch (FileNotFoundException none) {
        loadedRun = Long.MIN_VALUE;
        cached = null;
        return BatchView.problem(
            output.toString(),
            "no analytics run yet under "
                + output
                + ": run `logpipe analytics --lake "
                + lake
                + "` (or `./logpipe local`, which runs it)");
      }
      if (cached != null && st.getModificationTime() == loadedRun) {
        return cached;
      }
      BatchView view = load(summary, st.getModificationTime());
      cached = view;
      loadedRun = st.getModificationTime();
      return view;
    } catch (IOException | RuntimeException e) {
      return BatchView.problem(
          output.toString(),
          "cannot read the analytics tables under " + output + ": " + e.getMessage());
    }
  }

  private BatchView load(Path summaryFile, long runAt) throws IOException {
    JsonNode summary;
    try (InputStream in = fs.open(summaryFile)) {
      summary = JSON.readTree(in);
    }
    String period = summary.path("period").asText(null);
    long requests = summary.path("total_requests").asLong();
    List<Map<String, Object>> byHour = new ArrayList<>();
    for (HourLocation<Path> hour : walker.hours(new Path(output, AnalyticsNames.KPI_BY_HOUR))) {
      for (Map<String, Object> row : rows(hour.path())) {
        Map<String, Object> withKey = new LinkedHashMap<>();
        withKey.put("hour", hour.partition().label());
        withKey.putAll(row);
        byHour.add(withKey);
      }
    }
    byHour.sort(Comparator.comparing(r -> (String) r.get("hour")));
    List<Map<String, Object>> topPaths =
        period == null ? List.of() : rows(periodDir(AnalyticsNames.TOP_PATHS, period));
    List<Map<String, Object>> byHost =
        period == null ? List.of() : rows(periodDir(AnalyticsNames.KPI_BY_HOST, period));
    topPaths = sortedDesc(topPaths, "requests");
    byHost = sortedDesc(byHost, "requests");
    return new BatchView(
        output.toString(),
        null,
        Instant.ofEpochMilli(runAt),
        period,
        requests,
        byHour,
        topPaths,
        byHost);
  }

  private Path periodDir(String table, String period) {
    return new Path(output, AnalyticsNames.periodDir(table, period));
  }

  private static List<Map<String, Object>> sortedDesc(
      List<Map<String, Object>> rows, String column) {
    List<Map<String, Object>> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparingLong(
                (Map<String, Object> r) -> r.get(column) instanceof Number n ? n.longValue() : 0L)
            .reversed());
    return sorted;
  }

  /** Every row of the Parquet files directly in {@code dir}, columns in file order. */
  private List<Map<String, Object>> rows(Path dir) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FileStatus f : list(dir)) {
      String name = f.getPath().getName();
      if (!f.isFile() || !AnalyticsNames.isPartFile(name)) {
        continue;
      }
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromStatus(f, fs.getConf()))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (Schema.Field field : r.getSchema().getFields()) {
            Object v = r.get(field.pos());
            row.put(field.name(), v instanceof CharSequence cs ? cs.toString() : v);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private FileStatus[] list(Path dir) throws IOException {
    try {
      return fs.listStatus(dir);
    } catch (FileNotFoundException none) {
      return new FileStatus[0];
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
