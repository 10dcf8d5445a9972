package io.logpipe.cli.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.dashboard.batch.AnalyticsTables;
import io.logpipe.dashboard.batch.BatchView;
import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.LateTrace;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogFormat;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.SinkConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real sink writes a real MiniDFSCluster lake from a real broker; the per-hour analytics (Spark
 * in its own JVM, as {@code logpipe analytics} runs it) over that lake equal counts computed here
 * from the events the sink was given: per hour, before and after late rows reach a complete hour
 * (which the sink traces and the next run computes again, alone).
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedHdfsExtension.class})
class HourlyLakeIT {

  private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
  private static final String TOPIC = "curated_hourly";
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private final Random random = new Random(17);
  private final Map<String, Long> perHour = new TreeMap<>();
  private final Map<String, Set<String>> ipsPerHour = new HashMap<>();
  private long offset;

  @Test
  void perHourAnalyticsOfASinkWrittenHdfsLakeEqualTheEventsGiven(
      EmbeddedKafka kafka, EmbeddedHdfs hdfs) throws Exception {
    kafka.createTopic(TOPIC, 1);
    URI lake = URI.create(hdfs.uri() + "/datalake/hourly");
    SinkConfig config =
        SinkConfig.builder(kafka.bootstrapServers(), lake)
            .topic(TOPIC)
            .groupId("hourly-it")
            .rotateAge(Duration.ofSeconds(1))
            .allowedLateness(Duration.ofMinutes(1))
            .build();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, LogEvent> producer =
            new KafkaProducer<>(p, new StringSerializer(), LogpipeSerdes.logEvent().serializer());
        HdfsSink sink = HdfsSink.start(config, hdfs.configuration(), null)) {
      // Hours 10, 11, 12 and the first half of 13: the watermark completes 10, 11 and 12.
      send(producer, START, Duration.ofMinutes(210), 4_000);
      await(
          "rows committed and 3 hours complete",
          () -> sink.counters().rowsCommitted() == 4_000 && sink.counters().hoursCompleted() >= 3);

      Run first = analytics(lake, "--complete-only");
      assertThat(first.out()).contains("hour 2026-12-06T10 done", "hour 2026-12-06T12 done");
      Map<String, Long> complete = new TreeMap<>(perHour);
      complete.remove("2026-12-06T13");
      assertThat(batchHours(lake, hdfs, "requests")).isEqualTo(complete);
      assertThat(batchHours(lake, hdfs, "unique_ips")).isEqualTo(distinctIps(complete.keySet()));

      // Late rows for hour 11, which has _SUCCESS: a new file, and the sink's trace beside it.
      long hour11 = perHour.get("2026-12-06T11");
      send(producer, START.plus(Duration.ofMinutes(65)), Duration.ofMinutes(20), 150);
      await("late rows committed", () -> sink.counters().rowsCommitted() == 4_150);
      try (FileSystem fs = FileSystem.newInstance(lake, hdfs.configuration())) {
        List<String> traces = new ArrayList<>();
        for (FileStatus f : fs.listStatus(new Path(lake + "/curated/dt=2026-12-06/hour=11"))) {
          if (LateTrace.isTrace(f.getPath().getName())) {
            traces.add(f.getPath().getName());
          }
        }
        assertThat(traces).as("late traces in hour 11").isNotEmpty();
      }

      assertThat(perHour.get("2026-12-06T11")).isEqualTo(hour11 + 150);
      Run second = analytics(lake, "--complete-only");
      assertThat(second.out())
          .contains(
              String.format(
                  java.util.Locale.ROOT,
                  "hour 2026-12-06T11 done: %,d rows (late rows: ",
                  perHour.get("2026-12-06T11")))
          .doesNotContain("hour 2026-12-06T10 done", "hour 2026-12-06T12 done");
      complete.put("2026-12-06T11", perHour.get("2026-12-06T11"));
      assertThat(batchHours(lake, hdfs, "requests")).isEqualTo(complete);
      assertThat(batchHours(lake, hdfs, "unique_ips")).isEqualTo(distinctIps(complete.keySet()));
    }
  }

  /** {@code count} events spread evenly over {@code span} from {@code from}. */
  private void send(
      KafkaProducer<String, LogEvent> producer, Instant from, Duration span, int count) {
    for (int i = 0; i < count; i++) {
      Instant ts = from.plusMillis(span.toMillis() * i / count);
      String ip = "10.1." + random.nextInt(4) + "." + random.nextInt(200);
      LogEvent e =
          LogEvent.newBuilder()
              .setTs(ts)
              .setHost(random.nextBoolean() ? "api.example" : "www.example")
              .setMethod("GET")
              .setPath("/p" + random.nextInt(20))
              .setQuery(null)
              .setStatus(random.nextInt(10) == 0 ? 503 : 200)
              .setBytes(random.nextInt(10_000))
              .setIp(ip)
              .setUa("it")
              .setReferrer(null)
              .setRtMs(random.nextInt(3) == 0 ? null : (long) random.nextInt(900))
              .setFormat(LogFormat.JSON)
              .setRawTopic("logs_raw")
              .setRawPartition(0)
              .setRawOffset(offset++)
              .build();
      producer.send(new ProducerRecord<>(TOPIC, 0, e.getHost(), e));
      String hour = HOUR.format(ts);
      perHour.merge(hour, 1L, Long::sum);
      ipsPerHour.computeIfAbsent(hour, h -> new HashSet<>()).add(ip);
    }
    producer.flush();
  }

  private Map<String, Long> distinctIps(Set<String> hours) {
    Map<String, Long> m = new TreeMap<>();
    hours.forEach(h -> m.put(h, (long) ipsPerHour.get(h).size()));
    return m;
  }

  /** A column of kpi_by_hour per hour, read as the dashboard reads it. */
  private static Map<String, Long> batchHours(URI lake, EmbeddedHdfs hdfs, String column)
      throws Exception {
    try (AnalyticsTables tables = new AnalyticsTables(lake, hdfs.configuration())) {
      BatchView view = tables.read();
      assertThat(view.problem()).isNull();
      Map<String, Long> m = new TreeMap<>();
      view.byHour()
          .forEach(r -> m.put((String) r.get("hour"), ((Number) r.get(column)).longValue()));
      return m;
    }
  }

  private record Run(int exitCode, String out) {}

  /** The analytics job in its own JVM, as {@code logpipe analytics} starts it. */
  private static Run analytics(URI lake, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--lake", lake.toString()));
    args.addAll(List.of(more));
    ProcessBuilder builder =
        new ProcessBuilder(AnalyticsLauncher.forHome(AnalyticsLauncher.locateHome()).command(args))
            .redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process job = builder.start();
    String out = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(job.waitFor(5, TimeUnit.MINUTES)).as(out).isTrue();
    assertThat(job.exitValue()).as(out).isZero();
    return new Run(job.exitValue(), out);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %s", what, DEADLINE).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
