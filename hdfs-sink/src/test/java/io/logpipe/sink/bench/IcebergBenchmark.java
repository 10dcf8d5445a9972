package io.logpipe.sink.bench;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.iceberg.IcebergSink;
import io.logpipe.sink.iceberg.IcebergTarget;
import io.logpipe.sink.support.EventProducer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * Rows/s of the Iceberg mode (local directory, EmbeddedHdfs, S3Proxy) beside the file mode into a
 * local directory in the same run, each from the topic's beginning with its own group and default
 * rotation; commits per minute and files per completed hour before and after the rewrite. Prints
 * figures; asserts nothing.
 *
 * <pre>
 * ./mvnw -B -pl hdfs-sink test-compile exec:java -Dexec.mainClass=io.logpipe.sink.bench.IcebergBenchmark [-Dexec.args=N]
 * </pre>
 */
public final class IcebergBenchmark {

  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");
  private static final Duration DEADLINE = Duration.ofMinutes(10);
  private static int rows;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    rows = n;
    System.setProperty("aws.requestChecksumCalculation", "when_required");
    System.setProperty("aws.responseChecksumValidation", "when_required");
    Path scratch = Files.createTempDirectory(Path.of("target"), "ice-bench-").toAbsolutePath();
    System.out.printf(
        "iceberg benchmark: %,d LogEvents over 6 event-time hours (5%% late), 3 partitions%n", n);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(scratch.resolve("kafka"), true, Map.of());
        EmbeddedHdfs hdfs = EmbeddedHdfs.start(scratch.resolve("hdfs"), true);
        BlobStoreContext blobs =
            ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class)) {
      kafka.createTopic("bench", 3);
      try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), "bench", 3)) {
        producer.send(0, n, n, START, Duration.ofHours(6), 0.05);
      }
      blobs.getBlobStore().createContainerInLocation(null, "lake");
      S3Proxy s3 =
          S3Proxy.builder()
              .blobStore(blobs.getBlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "k", "s")
              .build();
      s3.start();
      while (!"STARTED".equals(s3.getState())) {
        Thread.sleep(10);
      }
      IcebergTarget s3Target =
          new IcebergTarget(
              "curated",
              URI.create("jdbc:sqlite:" + scratch.resolve("catalog.db")),
              Map.of(
                  "s3.endpoint", "http://127.0.0.1:" + s3.getPort(),
                  "s3.path-style-access", "true",
                  "s3.access-key-id", "k",
                  "s3.secret-access-key", "s",
                  "client.region", "us-east-1"));
      Configuration local = new Configuration();
      for (int round = 1; round <= 2; round++) {
        report(
            "file    -> local dir ",
            run(kafka, n, scratch.resolve("file" + round).toUri(), local, null, "f" + round),
            null);
        URI iceLocal = scratch.resolve("ice" + round).toUri();
        report(
            "iceberg -> local dir ",
            run(kafka, n, iceLocal, local, IcebergTarget.hadoop(), "i" + round),
            table(iceLocal, IcebergTarget.hadoop(), local));
      }
      URI iceHdfs = URI.create(hdfs.uri() + "/ice");
      report(
          "iceberg -> EmbeddedHdfs",
          run(kafka, n, iceHdfs, hdfs.configuration(), IcebergTarget.hadoop(), "h"),
          table(iceHdfs, IcebergTarget.hadoop(), hdfs.configuration()));
      URI iceS3 = URI.create("s3://lake/warehouse");
      report(
          "iceberg -> S3Proxy     ",
          run(kafka, n, iceS3, local, s3Target, "s"),
          table(iceS3, s3Target, local));
      s3.stop();
    }
    System.exit(0);
  }

  /** Seconds until all {@code n} rows are committed and the sink closed. */
  private static double run(
      EmbeddedKafka kafka, int n, URI lake, Configuration conf, IcebergTarget target, String group)
      throws Exception {
    SinkConfig config =
        SinkConfig.builder(kafka.bootstrapServers(), lake).topic("bench").groupId(group).build();
    long t0 = System.nanoTime();
    RunningSink sink =
        target == null
            ? HdfsSink.start(config, conf, null)
            : IcebergSink.start(config, target, conf, null);
    try {
      long deadline = t0 + DEADLINE.toNanos();
      while (sink.counters().rowsCommitted() < n) {
        if (sink.failure().isPresent() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "sink " + group + " stopped or too slow", sink.failure().orElse(null));
        }
        Thread.sleep(20); // a benchmark's polling interval, not a test's synchronisation
      }
    } finally {
      sink.close();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Table table(URI lake, IcebergTarget target, Configuration conf) {
    Catalog catalog = io.logpipe.sink.iceberg.TableCatalogs.open(lake, target, conf);
    return catalog.loadTable(target.identifier());
  }

  private static void report(String what, double seconds, Table table) throws Exception {
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    if (table == null) {
      System.out.printf(
          "%s: %,9.0f rows/s (%.1f s)%n   load %s%n", what, rows / seconds, seconds, load);
      return;
    }
    int appends = 0;
    long before = 0;
    long after = 0;
    int rewrites = 0;
    for (Snapshot s : table.snapshots()) {
      if ("append".equals(s.operation())) {
        appends++;
      } else if ("replace".equals(s.operation())) {
        rewrites++;
        before += Long.parseLong(s.summary().getOrDefault("deleted-data-files", "0"));
        after += Long.parseLong(s.summary().getOrDefault("added-data-files", "0"));
      }
    }
    System.out.printf(
        "%s: %,9.0f rows/s (%.1f s), %d commits (%.0f/min), %d hours rewritten: %d files -> %d%n"
            + "   load %s%n",
        what,
        rows / seconds,
        seconds,
        appends,
        appends / (seconds / 60),
        rewrites,
        before,
        after,
        load);
  }
}
