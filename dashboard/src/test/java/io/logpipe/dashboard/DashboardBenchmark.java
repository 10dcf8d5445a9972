package io.logpipe.dashboard;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import io.logpipe.schemas.Topics;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.testkit.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * How fast a final count reaches a person's screen, and what the dashboard server costs, as
 * deployed: the dashboard runs as its own JVM (the shaded jar) against an in-process broker with
 * the processor and the sink, and a headless Chromium shows the page. Paced load closes one window
 * per second. For each window:
 *
 * <ul>
 *   <li>visible: when a {@code read_committed} consumer of {@code logs_status_counts} (in this JVM)
 *       first sees its final count: the baseline, what any other consumer of the aggregate topic
 *       gets;
 *   <li>shown: when the page first shows it as final ({@code
 *       window.logpipeDashboard.finalShownAt}).
 * </ul>
 *
 * Printed: shown − visible, p50/p99/max, and the dashboard JVM's CPU (utime + stime from /proc)
 * over the paced part.
 *
 * <p>Run: {@code ./mvnw -B -pl dashboard package exec:java -DskipTests
 * -Dexec.mainClass=io.logpipe.dashboard.DashboardBenchmark} ({@code -Dbench.windows=90} by
 * default).
 */
public final class DashboardBenchmark {

  private static final int WINDOWS = Integer.getInteger("bench.windows", 90);
  private static final int EVENTS_PER_WINDOW = Integer.getInteger("bench.events", 500);
  private static final Duration WARM_UP = Duration.ofSeconds(10);

  private DashboardBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = shadedJar();
    Path dir =
        Files.createTempDirectory(
            Files.createDirectories(target().resolve("tmp")), "dashboard-bench-");
    Path lake = dir.resolve("lake");
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(6, ChronoUnit.HOURS);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), true, Map.of())) {
      kafka.createTopic(Topics.RAW, 1);
      StreamProcessor processor =
          RunningPipeline.startProcessor(kafka, dir.resolve("streams"), false);
      HdfsSink sink =
          HdfsSink.start(
              SinkConfig.builder(kafka.bootstrapServers(), lake.toUri())
                  .rotateAge(Duration.ofSeconds(5))
                  .build(),
              new Configuration(),
              null);
      int port;
      try (var socket =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Process dashboard =
          ChildJvm.jar(jar)
              .options("-Xmx512m")
              .args("-b", kafka.bootstrapServers(), "--lake", lake.toUri().toString())
              .args("--port", String.valueOf(port))
              .start(dir.resolve("dashboard.log"));
      Map<Instant, Long> visibleAt = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread watcher =
          new Thread(
              () -> watchFinalCounts(kafka.bootstrapServers(), visibleAt, stop), "bench-watcher");
      watcher.start();
      ChromeDriver browser = null;
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
        String url = "http://127.0.0.1:" + port + "/";
        awaitHttp(url, Duration.ofSeconds(60));
        browser = Chromium.start(dir.resolve("chromium"));
        browser.get(url);
        // Warm-up: a few windows, then the dashboard JVM's CPU is sampled from here on.
        int window = 0;
        long warmEnd = System.nanoTime() + WARM_UP.toNanos();
        while (System.nanoTime() < warmEnd) {
          window = paceOneWindow(producer, base, window);
        }
        long cpu0 = cpuTicks(dashboard.pid());
        long t0 = System.nanoTime();
        int firstMeasured = window;
        for (int i = 0; i < WINDOWS; i++) {
          window = paceOneWindow(producer, base, window);
          if (i % 15 == 14) {
            System.out.printf("dashboard bench: %d of %d windows%n", i + 1, WINDOWS);
          }
        }
        long cpu1 = cpuTicks(dashboard.pid());
        double seconds = (System.nanoTime() - t0) / 1e9;
        // The last windows: give them time to show (closing is one window behind the producer).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Object> shown = Map.of();
        while (System.nanoTime() < deadline) {
          shown = finalShownAt(browser);
          if (shown.containsKey(base.plus(window - 2L, ChronoUnit.MINUTES).toString())) {
            break;
          }
          TimeUnit.MILLISECONDS.sleep(200);
        }
        report(base, firstMeasured, window - 1, visibleAt, shown, (cpu1 - cpu0) / 100.0, seconds);
      } finally {
        stop.set(true);
        watcher.join(10_000);
        if (browser != null) {
          browser.quit();
        }
        ChildJvm.stop(dashboard, Duration.ofSeconds(20));
        sink.close();
        processor.close(Duration.ofSeconds(30));
      }
    }
  }

  /**
   * Events of one minute of event time; their first one closes the previous window. Paced to one
   * per second.
   */
  private static int paceOneWindow(KafkaProducer<byte[], byte[]> producer, Instant base, int window)
      throws Exception {
    long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    Instant start = base.plus(window, ChronoUnit.MINUTES);
    int[] statuses = {200, 200, 200, 200, 304, 404, 500};
    for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
      String line =
          RunningPipeline.line(
              start.plusMillis(i * 60_000L / EVENTS_PER_WINDOW),
              "/p" + (i % 13),
              statuses[i % statuses.length]);
      producer.send(new ProducerRecord<>(Topics.RAW, line.getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
    long wait = next - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not synchronisation
    }
    return window + 1;
  }

  private static void report(
      Instant base,
      int from,
      int to,
      Map<Instant, Long> visibleAt,
      Map<String, Object> shown,
      double cpuSeconds,
      double seconds) {
    List<Long> latencies = new ArrayList<>();
    int missing = 0;
    for (int w = from; w < to; w++) {
      Instant start = base.plus(w, ChronoUnit.MINUTES);
      Long visible = visibleAt.get(start);
      Object s = shown.get(start.toString());
      if (visible == null || s == null) {
        missing++;
        continue;
      }
      latencies.add(((Number) s).longValue() - visible);
    }
    latencies.sort(null);
    System.out.printf(
        "dashboard bench: %d windows measured (%d not seen by both), one closing per second%n",
        latencies.size(), missing);
    if (!latencies.isEmpty()) {
      System.out.printf(
          "dashboard bench: final count visible to a consumer -> shown in the browser: p50 %d ms, "
              + "p99 %d ms, max %d ms, min %d ms%n",
          pct(latencies, 50),
          pct(latencies, 99),
          latencies.get(latencies.size() - 1),
          latencies.get(0));
    }
    System.out.printf(
        "dashboard bench: dashboard JVM CPU %.2f s over %.1f s = %.1f %% of one core (1 update/s, "
            + "one page open)%n",
        cpuSeconds, seconds, 100 * cpuSeconds / seconds);
  }

  private static long pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> finalShownAt(ChromeDriver browser) {
    return (Map<String, Object>)
        browser.executeScript("return window.logpipeDashboard.finalShownAt;");
  }

  private static void watchFinalCounts(
      String bootstrap, Map<Instant, Long> visibleAt, AtomicBoolean stop) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    var serde = LogpipeSerdes.statusCount();
    try (var consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(Topics.STATUS_COUNTS, 0);
      while (!stop.get()
          && consumer.partitionsFor(Topics.STATUS_COUNTS, Duration.ofSeconds(5)).isEmpty()) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      while (!stop.get()) {
        for (var r : consumer.poll(Duration.ofMillis(20))) {
          StatusCount c = serde.deserialize(r.topic(), r.value());
          if (c.getFinal$()) {
            visibleAt.putIfAbsent(c.getWindowStart(), System.currentTimeMillis());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** utime + stime of a process, in clock ticks (USER_HZ, 100 per second on Linux). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static void awaitHttp(String url, Duration timeout) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try {
        var r =
            http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/live")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the JVM is still starting
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException(
        "the dashboard did not answer at " + url + " within " + timeout);
  }

  /**
   * The module's target/ (exec:java runs in the reactor's directory): where the test classes were
   * loaded from.
   */
  private static Path target() {
    try {
      return Path.of(
              DashboardBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path shadedJar() throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(target(), "logpipe-dashboard-*-all.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    }
    throw new IllegalStateException(
        "target/logpipe-dashboard-*-all.jar is missing: run with `package` first, see the "
            + "class comment");
  }
}
