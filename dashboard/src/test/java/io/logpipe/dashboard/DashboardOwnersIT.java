package io.logpipe.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Partition ownership with two instances of each stage on four partitions: {@code /api/owners} and
 * the page's table (in a real headless Chromium) name every partition of each stage's input topic
 * exactly once, each instance owning some, and both follow a rebalance when a sink stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardOwnersIT {

  private static final int PARTITIONS = 4;
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Integer> ALL = List.of(0, 1, 2, 3);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ScaledOutPipeline pipeline;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws Exception {
    Path dir =
        Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "owners-it-");
    pipeline = new ScaledOutPipeline(dir, PARTITIONS, 2);
    browser = Chromium.start(dir.resolve("chromium-profile"));
    browser.get(pipeline.dashboard.url().toString());
    browser.executeScript("window.__sameDocument = true;");
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void theApiNamesEveryPartitionOnceWithBothInstancesOwningSome() throws Exception {
    JsonNode json =
        Await.until(
            WITHIN,
            "both stages' groups stable over two instances each",
            this::ownersJson,
            j ->
                settled(owners(j), "processor", 2)
                    && settled(owners(j), "sink", 2)
                    && "STABLE".equals(stage(j, "processor").path("state").asText())
                    && "STABLE".equals(stage(j, "sink").path("state").asText()));
    Map<String, Map<String, List<Integer>>> owners = owners(json);
    assertThat(owners.get("processor")).containsOnlyKeys("processor-1", "processor-2");
    assertThat(owners.get("sink")).containsOnlyKeys("sink-1", "sink-2");
    for (Map<String, List<Integer>> stage : owners.values()) {
      stage.values().forEach(p -> assertThat(p).as("each instance owns some").isNotEmpty());
      assertThat(flatten(stage))
          .as("every partition once")
          .containsExactlyInAnyOrderElementsOf(ALL);
    }
    assertThat(stage(json, "processor").get("topic").asText()).isEqualTo("logs_raw");
    assertThat(stage(json, "processor").get("partitions").asInt()).isEqualTo(PARTITIONS);
    assertThat(stage(json, "sink").get("topic").asText()).isEqualTo("logs_curated");
    assertThat(stage(json, "sink").get("partitions").asInt()).isEqualTo(PARTITIONS);
  }

  @Test
  @Order(2)
  void thePageShowsEveryPartitionOnce() throws Exception {
    Map<String, Map<String, List<Integer>>> shown =
        Await.until(
            WITHIN,
            "the ownership table with two instances per stage",
            this::ownersOnPage,
            o -> settled(o, "processor", 2) && settled(o, "sink", 2));
    assertThat(shown.get("processor")).containsOnlyKeys("processor-1", "processor-2");
    assertThat(shown.get("sink")).containsOnlyKeys("sink-1", "sink-2");
    for (Map<String, List<Integer>> stage : shown.values()) {
      assertThat(flatten(stage)).containsExactlyInAnyOrderElementsOf(ALL);
    }
    assertThat(
            browser.executeScript(
                "return document.querySelector('#owners-table tr[data-instance=\"sink-1\"]')"
                    + ".textContent;"))
        .asString()
        .contains("logs_curated");
  }

  @Test
  @Order(3)
  void aRebalanceMovesTheStoppedSinksPartitionsOnTheApiAndThePage() throws Exception {
    pipeline.stopSink(2);
    Map<String, List<Integer>> api =
        Await.until(
                WITHIN,
                "sink-1 owning every partition on /api/owners",
                this::ownersFromApi,
                o -> settled(o, "sink", 1))
            .get("sink");
    assertThat(api).containsOnlyKeys("sink-1");
    assertThat(api.get("sink-1")).containsExactlyElementsOf(ALL);
    Map<String, List<Integer>> page =
        Await.until(
                WITHIN,
                "sink-1 owning every partition on the page",
                this::ownersOnPage,
                o -> settled(o, "sink", 1))
            .get("sink");
    assertThat(page).containsOnlyKeys("sink-1");
    assertThat(browser.executeScript("return window.__sameDocument === true;"))
        .as("no reload")
        .isEqualTo(true);
  }

  /** {@code instances} owners of the stage, none owning nothing, every partition owned once. */
  private static boolean settled(
      Map<String, Map<String, List<Integer>>> owners, String stage, int instances) {
    Map<String, List<Integer>> s = owners.getOrDefault(stage, Map.of());
    List<Integer> all = flatten(s);
    all.sort(null);
    return s.size() == instances && s.values().stream().noneMatch(List::isEmpty) && all.equals(ALL);
  }

  private static List<Integer> flatten(Map<String, List<Integer>> stage) {
    List<Integer> all = new ArrayList<>();
    stage.values().forEach(all::addAll);
    return all;
  }

  private static JsonNode stage(JsonNode owners, String stage) {
    for (JsonNode s : owners) {
      if (s.path("stage").asText().equals(stage)) {
        return s;
      }
    }
    return JSON.missingNode();
  }

  private Map<String, Map<String, List<Integer>>> ownersFromApi() {
    return owners(ownersJson());
  }

  /** {@code /api/owners}, or a missing node before the first snapshot is served. */
  private JsonNode ownersJson() {
    try {
      return JSON.readTree(get("/api/owners"));
    } catch (Exception e) {
      return JSON.missingNode(); // not served yet: polled again
    }
  }

  /** Stage, then instance, then its partitions; unowned partitions under the key "unowned". */
  private static Map<String, Map<String, List<Integer>>> owners(JsonNode stages) {
    Map<String, Map<String, List<Integer>>> out = new TreeMap<>();
    for (JsonNode s : stages) {
      Map<String, List<Integer>> owners = new TreeMap<>();
      for (JsonNode o : s.path("owners")) {
        List<Integer> partitions = new ArrayList<>();
        o.path("partitions").forEach(p -> partitions.add(p.asInt()));
        owners.merge(o.path("instance").asText(), partitions, DashboardOwnersIT::concat);
      }
      List<Integer> unowned = new ArrayList<>();
      s.path("unowned").forEach(p -> unowned.add(p.asInt()));
      if (!unowned.isEmpty()) {
        owners.put("unowned", unowned);
      }
      out.put(s.path("stage").asText(), owners);
    }
    return out;
  }

  /** The same, read from the page's table rows. */
  @SuppressWarnings("unchecked")
  private Map<String, Map<String, List<Integer>>> ownersOnPage() {
    List<Map<String, String>> rows =
        (List<Map<String, String>>)
            browser.executeScript(
                "return [...document.querySelectorAll('#owners-table tbody tr')].map(tr => ({stage:"
                    + " tr.dataset.stage, instance: tr.dataset.instance, partitions:"
                    + " tr.dataset.partitions}));");
    Map<String, Map<String, List<Integer>>> out = new TreeMap<>();
    for (Map<String, String> row : rows) {
      List<Integer> partitions = new ArrayList<>();
      for (String p : row.get("partitions").split(",")) {
        if (!p.isEmpty()) {
          partitions.add(Integer.parseInt(p));
        }
      }
      String instance = row.get("instance").isEmpty() ? "unowned" : row.get("instance");
      out.computeIfAbsent(row.get("stage"), s -> new TreeMap<>())
          .merge(instance, partitions, DashboardOwnersIT::concat);
    }
    return out;
  }

  private static List<Integer> concat(List<Integer> a, List<Integer> b) {
    List<Integer> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(pipeline.dashboard.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return response.body();
  }
}
