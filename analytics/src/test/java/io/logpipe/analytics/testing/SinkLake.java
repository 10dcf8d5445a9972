package io.logpipe.analytics.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The test resource {@code sink-lake}: a lake written by parquet-avro 1.15.2 with LogEvent's data
 * model, as hdfs-sink writes it (regenerate with {@code src/test/sink-fixture}), and {@code
 * events.jsonl} holding the same rows.
 */
public final class SinkLake {

  private SinkLake() {}

  /** A writable copy of the resource lake at {@code target}. */
  public static Path copyTo(Path target) throws Exception {
    Path source = Path.of(SinkLake.class.getResource("/sink-lake").toURI());
    try (var files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  /** The lake's rows, from its {@code events.jsonl}, in file order. */
  public static List<LogEventRow> events(Path lake) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<LogEventRow> events = new ArrayList<>();
    for (String line : Files.readAllLines(lake.resolve("events.jsonl"))) {
      JsonNode n = json.readTree(line);
      events.add(
          new LogEventRow(
              LocalDateTime.of(2025, 12, 24, n.get("hour").asInt(), 0),
              n.get("host").asText(),
              "GET",
              n.get("path").asText(),
              null,
              n.get("status").asInt(),
              n.get("bytes").asLong(),
              n.get("ip").asText(),
              null,
              null,
              n.get("rt_ms").isNull() ? null : n.get("rt_ms").asLong(),
              "JSON",
              0,
              0));
    }
    return events;
  }
}
