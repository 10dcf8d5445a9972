package io.logpipe.sink.bench;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.lake.HourPartition;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.iceberg.BenchmarkRewrites;
import io.logpipe.sink.iceberg.IcebergSink;
import io.logpipe.sink.iceberg.IcebergTarget;
import io.logpipe.sink.iceberg.TableCatalogs;
import io.logpipe.sink.support.EventProducer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The Iceberg mode beside the file mode, same run, same topic, each pass a new group from the
 * topic's beginning. Two parts:
 *
 * <ol>
 *   <li><b>ingest</b>: file and Iceberg passes into a local directory, alternating, with hours
 *       never marked complete (allowed lateness of years), so neither mode compacts anything:
 *       rows/s into the store, commits per minute. After each Iceberg pass its hours are rewritten
 *       as the sink does after a mark, timed on their own, with the files per hour before and
 *       after.
 *   <li><b>as the issue asks</b>: the default lateness, so the Iceberg time includes the hours'
 *       marks and rewrites on the sink's own threads; a file pass then an Iceberg pass into a local
 *       directory, the same into EmbeddedHdfs, {@code -Dbench.pairs} times (3), each pair's ratio
 *       and the median per store printed (one pair swung by ±15 % from run to run here); then
 *       S3Proxy (Iceberg only: the file mode refuses object stores).
 * </ol>
 *
 * Every pass is printed with the load average; nothing is asserted.
 *
 * <pre>
 * ./mvnw -B -pl hdfs-sink test-compile exec:java -Dexec.mainClass=io.logpipe.sink.bench.IcebergBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="ROWS ROUNDS ROTATE_RECORDS"]
 * </pre>
 *
 * Defaults: 1,000,000 rows, 3 rounds of the ingest part, {@code --rotate-records} 100,000. With
 * {@code -Dbench.only=hdfs} only the two EmbeddedHdfs passes run, ROUNDS times, for profiling;
 * {@code -Dbench.hadoop=key=value,...} sets Hadoop keys for those passes (A/B runs).
 */
public final class IcebergBenchmark {

  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  /** Alternating file/Iceberg pairs a store in the part "as the issue asks" (-Dbench.pairs). */
  private static final int PAIRS = Integer.getInteger("bench.pairs", 3);

  private static final Duration NEVER_COMPLETE = Duration.ofDays(3650);

  private final EmbeddedKafka kafka;
  private final int rows;
  private final long rotate;

  private IcebergBenchmark(EmbeddedKafka kafka, int rows, long rotate) {
    this.kafka = kafka;
    this.rows = rows;
    this.rotate = rotate;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long rotate = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
    System.setProperty("aws.requestChecksumCalculation", "when_required");
    System.setProperty("aws.responseChecksumValidation", "when_required");
    Path scratch = Files.createTempDirectory(Path.of("target"), "ice-bench-").toAbsolutePath();
    System.out.printf(
        "iceberg benchmark: %,d LogEvents over 6 event-time hours (5%% late), 3 partitions,"
            + " rotate-records %,d, %d ingest rounds; %d cores, max heap %d MiB%n",
        n,
        rotate,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(scratch.resolve("kafka"), true, Map.of());
        EmbeddedHdfs hdfs = EmbeddedHdfs.start(scratch.resolve("hdfs"), true);
        BlobStoreContext blobs =
            ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class)) {
      kafka.createTopic("bench", 3);
      long p0 = System.nanoTime();
      try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), "bench", 3)) {
        producer.send(0, n, n, START, Duration.ofHours(6), 0.05);
      }
      System.out.printf("produced in %.1f s%n", (System.nanoTime() - p0) / 1e9);
      IcebergBenchmark bench = new IcebergBenchmark(kafka, n, rotate);
      Configuration local = new Configuration();
      if ("hdfs".equals(System.getProperty("bench.only"))) {
        // for profiling: the two EmbeddedHdfs passes with marks and rewrites, alternating
        for (int round = 1; round <= rounds; round++) {
          bench.hdfsPair(hdfs, "" + round);
        }
        System.exit(0);
      }

      System.out.println("-- ingest: no hour marked, no rewrite in either mode");
      for (int round = 1; round <= rounds; round++) {
        bench.pass(
            "file    -> local dir",
            scratch.resolve("file" + round).toUri(),
            local,
            null,
            NEVER_COMPLETE,
            "f" + round);
        URI ice = scratch.resolve("ice" + round).toUri();
        bench.pass(
            "iceberg -> local dir",
            ice,
            local,
            IcebergTarget.hadoop(),
            NEVER_COMPLETE,
            "i" + round);
        bench.rewriteAll(table(ice, IcebergTarget.hadoop(), local));
      }

      System.out.printf(
          "-- as the issue asks: default lateness, marks and rewrites included; %d alternating"
              + " pairs a store, the target read on the median ratio%n",
          PAIRS);
      List<Double> localRatios = new ArrayList<>();
      List<Double> hdfsRatios = new ArrayList<>();
      for (int pair = 1; pair <= PAIRS; pair++) {
        localRatios.add(
            bench.pair(
                "local dir",
                scratch.resolve("fileM" + pair).toUri(),
                scratch.resolve("iceM" + pair).toUri(),
                local,
                "M" + pair));
        hdfsRatios.add(bench.hdfsPair(hdfs, "" + pair));
      }
      System.out.printf(
          "Iceberg/file with marks and rewrites: local dir %s median %.0f %%, EmbeddedHdfs %s"
              + " median %.0f %%%n",
          percents(localRatios),
          median(localRatios) * 100,
          percents(hdfsRatios),
          median(hdfsRatios) * 100);
      blobs.getBlobStore().createContainerInLocation(null, "lake");
      S3Proxy s3 =
          S3Proxy.builder()
              .blobStore(blobs.getBlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "k", "s")
              .build();
      s3.start();
      while (!"STARTED".equals(s3.getState())) {
        Thread.sleep(10); // S3Proxy has no start future
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
      bench.pass(
          "iceberg -> S3Proxy (SQLite catalog)",
          URI.create("s3://lake/warehouse"),
          local,
          s3Target,
          SinkConfig.DEFAULT_ALLOWED_LATENESS,
          "iS");
      s3.stop();
    }
    System.exit(0);
  }

  /** {@link #pair} into EmbeddedHdfs. */
  private double hdfsPair(EmbeddedHdfs hdfs, String round) throws Exception {
    Configuration conf = SinkBenchmark.hdfsConf(hdfs); // -Dbench.hadoop=k=v,... for A/B runs
    return pair(
        "EmbeddedHdfs",
        URI.create(hdfs.uri() + "/file" + round),
        URI.create(hdfs.uri() + "/ice" + round),
        conf,
        "H" + round);
  }

  /**
   * The file mode, then the Iceberg mode, into one store with marks and rewrites.
   *
   * @return Iceberg's rows/s over the file mode's
   */
  private double pair(String store, URI fileLake, URI iceLake, Configuration conf, String group)
      throws Exception {
    double file =
        pass(
            String.format("%-8s-> %s", "file", store),
            fileLake,
            conf,
            null,
            SinkConfig.DEFAULT_ALLOWED_LATENESS,
            "f" + group);
    double ice =
        pass(
            String.format("%-8s-> %s", "iceberg", store),
            iceLake,
            conf,
            IcebergTarget.hadoop(),
            SinkConfig.DEFAULT_ALLOWED_LATENESS,
            "i" + group);
    System.out.printf("   Iceberg/file into %s: %.0f %%%n", store, ice / file * 100);
    return ice / file;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String percents(List<Double> ratios) {
    return ratios.stream().map(r -> String.format("%.0f", r * 100)).toList().toString();
  }

  /** One pass from the topic's beginning until every row is committed and the sink closed. */
  private double pass(
      String what,
      URI lake,
      Configuration conf,
      IcebergTarget target,
      Duration lateness,
      String group)
      throws Exception {
    SinkConfig config =
        SinkConfig.builder(kafka.bootstrapServers(), lake)
            .topic("bench")
            .groupId(group)
            .rotateRecords(rotate)
            .allowedLateness(lateness)
            .build();
    long t0 = System.nanoTime();
    RunningSink sink =
        target == null
            ? HdfsSink.start(config, conf, null)
            : IcebergSink.start(config, target, conf, null);
    long commits;
    long tCommitted;
    try {
      long deadline = t0 + DEADLINE.toNanos();
      while (sink.counters().rowsCommitted() < rows) {
        if (sink.failure().isPresent() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "sink " + group + " stopped or too slow", sink.failure().orElse(null));
        }
        Thread.sleep(20); // a benchmark's polling interval, not a test's synchronisation
      }
      commits = sink.counters().commits();
    } finally {
      tCommitted = System.nanoTime();
      sink.close();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    // the close publishes the file mode's last files and lets the Iceberg mode's queued rewrites
    // end
    double committed = (tCommitted - t0) / 1e9;
    StringBuilder line =
        new StringBuilder(
            String.format(
                "%-36s %,9.0f rows/s %6.1f s (rows committed at %.1f s, close %.1f s)  %3d commits"
                    + " (%4.1f/min)",
                what,
                rows / seconds,
                seconds,
                committed,
                seconds - committed,
                commits,
                commits / (seconds / 60)));
    if (target != null) {
      Table table = table(lake, target, conf);
      line.append(String.format("  files per hour now %s%s", filesPerHour(table), rewrites(table)));
    }
    System.out.printf("%s%n   load %s%n", line, load());
    return rows / seconds;
  }

  /** Rewrites every hour of {@code table} as the sink does after marking it, timed. */
  private void rewriteAll(Table table) throws Exception {
    Map<HourPartition, Integer> before = filesPerHour(table);
    long t0 = System.nanoTime();
    int replaced = 0;
    for (HourPartition h : before.keySet()) {
      replaced += BenchmarkRewrites.rewrite(table, h);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    table.refresh();
    System.out.printf(
        "%-36s %,9.0f rows/s %6.1f s  %d files -> %d: per hour %s -> %s%n   load %s%n",
        "  rewrite of its hours",
        rows / seconds,
        seconds,
        replaced,
        before.size(),
        before.values(),
        filesPerHour(table).values(),
        load());
  }

  private static Map<HourPartition, Integer> filesPerHour(Table table) throws Exception {
    table.refresh();
    Map<HourPartition, Integer> out = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        HourPartition h =
            new HourPartition(
                LocalDate.ofEpochDay(t.file().partition().get(0, Integer.class)),
                t.file().partition().get(1, Integer.class));
        out.merge(h, 1, Integer::sum);
      }
    }
    return out;
  }

  /** The sink's own rewrites: replace snapshots and files before -> after (one a merged hour). */
  private static String rewrites(Table table) {
    int replaces = 0;
    long before = 0;
    long after = 0;
    for (Snapshot s : table.snapshots()) {
      if ("replace".equals(s.operation())) {
        replaces++;
        before += Long.parseLong(s.summary().getOrDefault("deleted-data-files", "0"));
        after += Long.parseLong(s.summary().getOrDefault("added-data-files", "0"));
      }
    }
    return replaces == 0
        ? ""
        : String.format(
            ", rewritten by the sink in %d replace snapshots: %d files -> %d (hours)",
            replaces, before, after);
  }

  private static Table table(URI lake, IcebergTarget target, Configuration conf) {
    return TableCatalogs.open(lake, target, conf).loadTable(target.identifier());
  }

  private static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
