package io.logpipe.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.dashboard.web.DashboardServer;
import io.logpipe.metrics.Monitoring;
import io.logpipe.schemas.Topics;
import io.logpipe.sink.lake.LakeInspector;
import io.logpipe.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each JSON endpoint against real topics (written by the running processor) and a real lake
 * (written by the sink): every figure served must equal what the test reads from the topic or the
 * lake itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiIT {

  private static final Duration WITHIN = Duration.ofSeconds(45);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private RunningPipeline pipeline;
  private Path dir;
  private int lines;

  @BeforeAll
  void start() throws Exception {
    dir =
        Files.createTempDirectory(
            Files.createDirectories(Path.of("target", "tmp")), "dashboard-api-");
    pipeline = new RunningPipeline(dir);
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    List<String> raw = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      raw.add(
          RunningPipeline.line(base.plusSeconds(i * 4L), "/p" + (i % 5), i % 10 == 0 ? 500 : 200));
    }
    raw.add("not a log line");
    raw.add("{\"ts\":\"" + base + "\",\"path\":\"/x\"}");
    raw.add(RunningPipeline.line(base.plus(40, ChronoUnit.MINUTES), "/late-enough", 200));
    pipeline.produce(raw);
    lines = raw.size();
    // Everything processed and in the lake before the endpoints are compared with it.
    Await.until(WITHIN, "every valid line in the lake", () -> lakeRows(), n -> n == 301);
  }

  @AfterAll
  void stop() throws Exception {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void statusCountsAreTheFinalCountsOfTheTopic() throws Exception {
    Map<Instant, Map<Integer, Long>> inTopic =
        TopicContents.finalCounts(pipeline.kafka.bootstrapServers(), Topics.STATUS_COUNTS);
    assertThat(inTopic)
        .hasSize(20); // 300 events 4 s apart: 20 one-minute windows, all closed by the late line
    Map<Instant, Map<Integer, Long>> served =
        Await.until(
            WITHIN,
            "served final counts",
            () -> {
              Map<Instant, Map<Integer, Long>> m = new TreeMap<>();
              for (JsonNode w : get("/api/status-counts").path("windows")) {
                if (w.path("closed").asBoolean()) {
                  Map<Integer, Long> counts = new TreeMap<>();
                  w.path("counts")
                      .fields()
                      .forEachRemaining(
                          e -> counts.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
                  m.put(Instant.parse(w.path("start").asText()), counts);
                }
              }
              return m;
            },
            m -> m.equals(inTopic));
    assertThat(served).isEqualTo(inTopic);
  }

  @Test
  void ratesCountTheRawTopic() throws Exception {
    long end = TopicContents.endOffsets(pipeline.kafka.bootstrapServers(), Topics.RAW);
    assertThat(end).isEqualTo(lines);
    JsonNode rates =
        Await.until(
            WITHIN,
            "the raw total",
            () -> get("/api/rates"),
            r -> r.path("topics").path(Topics.RAW).path("total").asLong() == end);
    // Nothing produced since: the last interval's rate is zero once two samples have seen the same
    // end.
    Await.until(
        WITHIN,
        "a zero raw rate",
        () -> get("/api/rates"),
        r -> r.path("topics").path(Topics.RAW).path("perSecond").asDouble(-1) == 0.0);
    assertThat(rates.path("topics").has(Topics.CURATED)).isTrue();
  }

  @Test
  void rejectsAreThoseOfTheRejectedTopic() throws Exception {
    JsonNode rejects =
        Await.until(
            WITHIN,
            "both dead letters",
            () -> get("/api/rejects"),
            r -> r.path("total").asLong() == 2);
    assertThat(rejects.path("byReason").path("UNKNOWN_FORMAT").asLong()).isEqualTo(1);
    assertThat(rejects.path("byReason").path("MISSING_FIELD").asLong()).isEqualTo(1);
    List<String> raws = new ArrayList<>();
    rejects.path("recent").forEach(r -> raws.add(r.path("raw").asText()));
    assertThat(raws)
        .hasSize(2)
        .contains("not a log line")
        .anyMatch(r -> r.endsWith("\"path\":\"/x\"}"));
    assertThat(rejects.path("undecodable").asLong()).isZero();
  }

  @Test
  void lagComparesCommittedWithEndOffsets() throws Exception {
    JsonNode lag =
        Await.until(
            WITHIN,
            "the processor caught up on logs_raw",
            () -> get("/api/lag"),
            l ->
                l.path("logpipe-stream-processor").path("byTopic").path(Topics.RAW).asLong(-1)
                    == 0);
    assertThat(lag.path("logpipe-hdfs-sink").path("byTopic").path(Topics.CURATED).asLong(-1))
        .isBetween(0L, 1L);
  }

  @Test
  void lakeIsWhatTheSinkPublished() throws Exception {
    long rows = lakeRows();
    int complete;
    try (LakeInspector inspector = LakeInspector.open(pipeline.lake.toUri(), new Configuration())) {
      complete = inspector.completedHours().size();
    }
    JsonNode lake =
        Await.until(
            WITHIN,
            "the lake's rows and complete hours",
            () -> get("/api/lake"),
            l -> l.path("rows").asLong() == rows && l.path("hoursComplete").asInt() == complete);
    assertThat(lake.path("problem").isNull()).isTrue();
    long perHour = 0;
    for (JsonNode h : lake.path("hours")) {
      perHour += h.path("rows").asLong();
    }
    assertThat(perHour).isEqualTo(rows);
    assertThat(Instant.parse(lake.path("newestRow").asText()))
        .isAfter(Instant.now().minus(3, ChronoUnit.HOURS));
  }

  @Test
  void batchWithoutARunSaysSoAndNamesTheCommand() throws Exception {
    JsonNode batch = get("/api/batch");
    assertThat(batch.path("problem").asText())
        .contains("no analytics run yet")
        .contains("logpipe analytics --lake");
    assertThat(batch.path("byHour")).isEmpty();
  }

  @Test
  void anUnknownLakeIsAMessageNotAnError() throws Exception {
    URI missing = dir.resolve("no-such-lake").toUri();
    try (DashboardServer other =
        DashboardServer.start(
            DashboardConfig.of(pipeline.kafka.bootstrapServers(), missing).withPort(0),
            new Configuration())) {
      HttpResponse<String> lake =
          Await.until(
              WITHIN,
              "the first snapshot",
              () -> send(other.url().resolve("/api/lake"), "GET"),
              r -> r.statusCode() == 200);
      assertThat(JSON.readTree(lake.body()).path("problem").asText())
          .startsWith("no lake at " + missing);
      HttpResponse<String> batch = send(other.url().resolve("/api/batch"), "GET");
      assertThat(batch.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(batch.body()).path("problem").asText())
          .contains("no analytics run yet");
    }
  }

  @Test
  void servesMetricsAndIsReadyOnlyWhileTheBrokerAnswers() throws Exception {
    URI lake = dir.resolve("lake").toUri();
    try (Monitoring monitoring = Monitoring.create();
        DashboardServer page =
            DashboardServer.start(
                DashboardConfig.of(pipeline.kafka.bootstrapServers(), lake).withPort(0),
                new Configuration(),
                monitoring)) {
      monitoring.health().register("dashboard", page::status);
      HttpResponse<String> ready =
          Await.until(
              WITHIN,
              "ready",
              () -> send(page.url().resolve("/readyz"), "GET"),
              r -> r.statusCode() == 200);
      assertThat(ready.body()).isEqualTo("ok\ndashboard: ready (Kafka answers)\n");
      assertThat(send(page.url().resolve("/healthz"), "GET").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = send(page.url().resolve("/metrics"), "GET");
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body())
          .contains("logpipe_stage_ready{stage=\"dashboard\"} 1.0", "jvm_memory_used_bytes");
    }
    // Nothing listens on port 1: the page runs, but is not ready.
    try (Monitoring monitoring = Monitoring.create();
        DashboardServer page =
            DashboardServer.start(
                DashboardConfig.of("127.0.0.1:1", lake).withPort(0),
                new Configuration(),
                monitoring)) {
      monitoring.health().register("dashboard", page::status);
      HttpResponse<String> notReady =
          Await.until(
              WITHIN,
              "the broker's outage on /readyz",
              () -> send(page.url().resolve("/readyz"), "GET"),
              r -> r.body().contains("Kafka does not answer"));
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(send(page.url().resolve("/healthz"), "GET").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void nothingWritesAndThePageForbidsInlineScripts() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE")) {
      assertThat(send(pipeline.dashboard.url().resolve("/api/live"), method).statusCode())
          .as(method)
          .isIn(404, 405);
    }
    HttpResponse<String> page = send(pipeline.dashboard.url(), "GET");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
    assertThat(
            send(
                    pipeline.dashboard.url().resolve("/webjars/echarts/5.3.1/dist/echarts.min.js"),
                    "GET")
                .statusCode())
        .as("charts served from the jar")
        .isEqualTo(200);
  }

  @Test
  void listensOnLoopbackOnly() {
    var sockets = io.logpipe.testkit.ListeningSockets.ofThisProcess();
    assertThat(sockets)
        .as("the dashboard's port among this JVM's listening sockets")
        .anyMatch(s -> s.port() == pipeline.dashboard.port());
    assertThat(sockets).allMatch(io.logpipe.testkit.ListeningSockets.Socket::onLoopback);
  }

  @Test
  void theStreamPushesSnapshots() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(pipeline.dashboard.url().resolve("/api/stream"))
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<java.io.InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      int events = 0;
      String line;
      while (events < 2 && (line = in.readLine()) != null) {
        if (line.startsWith("data: ")) {
          JsonNode snapshot = JSON.readTree(line.substring(6));
          assertThat(snapshot.path("broker").path("reachable").asBoolean()).isTrue();
          events++;
        } else if (!line.isEmpty()) {
          assertThat(line).isEqualTo("event: snapshot");
        }
      }
      assertThat(events).isEqualTo(2);
    }
  }

  private long lakeRows() {
    try (LakeInspector inspector = LakeInspector.open(pipeline.lake.toUri(), new Configuration())) {
      return inspector.countCommittedRows();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private JsonNode get(String path) {
    try {
      return JSON.readTree(send(pipeline.dashboard.url().resolve(path), "GET").body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(URI uri, String method) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .method(method, HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(10))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
