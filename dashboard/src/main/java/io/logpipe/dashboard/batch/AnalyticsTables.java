package io.logpipe.dashboard.batch;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Reads what the Spark job wrote under {@code <lake>/analytics/}. The job writes {@code summary.json} after its
 * tables, so the summary's modification time identifies a run: the tables are read again only when it changes,
 * which is how a new run shows without a restart.
 */
public final class AnalyticsTables implements AutoCloseable {

  /** Table and file names, as the analytics job writes them. */
  static final String SUMMARY = "summary.json";
  static final String KPI_BY_HOUR = "kpi_by_hour";
  static final String TOP_PATHS = "top_paths";
  static final String KPI_BY_HOST = "kpi_by_host";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI lake;
  private final Path output;
  private final FileSystem fs;
  private long loadedRun = Long.MIN_VALUE;
  private BatchView cached;

  public AnalyticsTables(URI lake, Configuration conf) throws IOException {
    this.lake = lake;
    this.output = new Path(new Path(lake), "analytics");
    this.fs = FileSystem.newInstance(lake, conf);
  }

  /** The newest run's tables; a lake without a run is a {@link BatchView#problem()} naming the command. */
  public synchronized BatchView read() {
    Path summary = new Path(output, SUMMARY);
    try {
      FileStatus st;
      try {
        st = fs.getFileStatus(summary);
      } catch (FileNotFoundException none) {
        loadedRun = Long.MIN_VALUE;
        cached = null;
        return BatchView.problem(output.toString(), "no analytics run yet under " + output
            + ": run `logpipe analytics --lake " + lake + "` (or `./logpipe local`, which runs it)");
      }
      if (cached != null && st.getModificationTime() == loadedRun) {
        return cached;
      }
      BatchView view = load(summary, st.getModificationTime());
      cached = view;
      loadedRun = st.getModificationTime();
      return view;
    } catch (IOException | RuntimeException e) {
      return BatchView.problem(output.toString(), "cannot read the analytics tables under " + output + ": "
          + e.getMessage());
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
    Path hourTable = new Path(output, KPI_BY_HOUR);
    for (FileStatus day : list(hourTable)) {
      if (!day.isDirectory() || !day.getPath().getName().startsWith("dt=")) {
        continue;
      }
      for (FileStatus hour : list(day.getPath())) {
        if (!hour.isDirectory() || !hour.getPath().getName().startsWith("hour=")) {
          continue;
        }
        for (Map<String, Object> row : rows(hour.getPath())) {
          Map<String, Object> withKey = new LinkedHashMap<>();
          withKey.put("hour", day.getPath().getName().substring(3) + "T" + hour.getPath().getName().substring(5));
          withKey.putAll(row);
          byHour.add(withKey);
        }
      }
    }
    byHour.sort(Comparator.comparing(r -> (String) r.get("hour")));
    List<Map<String, Object>> topPaths = period == null ? List.of() : rows(periodDir(TOP_PATHS, period));
    List<Map<String, Object>> byHost = period == null ? List.of() : rows(periodDir(KPI_BY_HOST, period));
    topPaths = sortedDesc(topPaths, "requests");
    byHost = sortedDesc(byHost, "requests");
    return new BatchView(output.toString(), null, Instant.ofEpochMilli(runAt), period, requests, byHour, topPaths,
        byHost);
  }

  private Path periodDir(String table, String period) {
    return new Path(new Path(output, table), "period=" + period);
  }

  private static List<Map<String, Object>> sortedDesc(List<Map<String, Object>> rows, String column) {
    List<Map<String, Object>> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong((Map<String, Object> r) ->
        r.get(column) instanceof Number n ? n.longValue() : 0L).reversed());
    return sorted;
  }

  /** Every row of the Parquet files directly in {@code dir}, columns in file order. */
  private List<Map<String, Object>> rows(Path dir) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FileStatus f : list(dir)) {
      String name = f.getPath().getName();
      if (!f.isFile() || !name.startsWith("part-") || !name.endsWith(".parquet")) {
        continue;
      }
      try (ParquetReader<GenericRecord> reader = AvroParquetReader
          .<GenericRecord>builder(HadoopInputFile.fromStatus(f, fs.getConf()))
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
