import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Writes a small lake as hdfs-sink's files are (same writer settings as its ParquetWriterFactory, whose files hold
 * what parquet-avro writes for the same events), plus
 * events.jsonl with the same rows so that the analytics test computes expected KPIs independently.
 */
public final class SinkFixtureWriter {

    public static void main(String[] args) throws IOException {
        java.nio.file.Path lake = java.nio.file.Path.of(args[0]).toAbsolutePath();
        Random random = new Random(42);
        String[] paths = {"/", "/api/v1/login", "/api/v1/orders", "/static/app.js", "/search"};
        String[] hosts = {"api.myapp.com", "www.myapp.com"};
        int[] statuses = {200, 200, 200, 304, 404, 500, 503};
        StringBuilder jsonl = new StringBuilder();
        long offset = 0;
        for (int hour = 10; hour <= 11; hour++) {
            List<LogEvent> events = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Instant ts = Instant.parse("2025-12-24T" + hour + ":00:00Z")
                        .plusSeconds(random.nextInt(3600)).plusNanos(random.nextInt(1_000_000) * 1000L);
                boolean combined = random.nextInt(3) == 0;
                LogEvent e = LogEvent.newBuilder()
                        .setTs(ts).setHost(hosts[random.nextInt(hosts.length)]).setMethod("GET")
                        .setPath(paths[random.nextInt(paths.length)]).setQuery(i % 4 == 0 ? "q=" + i : null)
                        .setStatus(statuses[random.nextInt(statuses.length)]).setBytes(random.nextInt(20_000))
                        .setIp("192.168.1." + random.nextInt(9)).setUa(combined ? null : "curl/8.0")
                        .setReferrer(combined ? "https://example.org/" : null)
                        .setRtMs(combined ? null : (long) random.nextInt(2_000))
                        .setFormat(combined ? LogFormat.COMBINED : LogFormat.JSON)
                        .setRawTopic("logs_raw").setRawPartition(0).setRawOffset(offset++)
                        .build();
                events.add(e);
                jsonl.append(String.format("{\"dt\":\"2025-12-24\",\"hour\":\"%02d\",\"host\":\"%s\",\"path\":\"%s\","
                        + "\"status\":%d,\"bytes\":%d,\"ip\":\"%s\",\"rt_ms\":%s}%n", hour, e.getHost(), e.getPath(),
                        e.getStatus(), e.getBytes(), e.getIp(), e.getRtMs() == null ? "null" : e.getRtMs()));
            }
            java.nio.file.Path dir = lake.resolve("curated/dt=2025-12-24/hour=" + hour);
            Files.createDirectories(dir);
            Path file = new Path(dir.resolve("part-0-0-" + hour + ".snappy.parquet").toUri());
            try (ParquetWriter<LogEvent> w = AvroParquetWriter.<LogEvent>builder(
                            HadoopOutputFile.fromPath(file, new Configuration()))
                    .withSchema(LogEvent.getClassSchema())
                    .withDataModel(SpecificData.getForClass(LogEvent.class))
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withDictionaryEncoding("ts", false)
                    .build()) {
                for (LogEvent e : events) {
                    w.write(e);
                }
            }
            if (hour == 10) {
                Files.writeString(dir.resolve("_SUCCESS"), "");
            }
            // Hadoop's local checksum files are not part of what the sink leaves on HDFS.
            try (var crc = Files.list(dir)) {
                for (java.nio.file.Path p : crc.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.writeString(lake.resolve("events.jsonl"), jsonl);
    }
}
