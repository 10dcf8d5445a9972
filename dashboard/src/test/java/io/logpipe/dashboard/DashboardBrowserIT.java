package io.logpipe.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.schemas.Topics;
import io.logpipe.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real headless Chromium, against a real broker with the processor and the sink
 * running: what the page shows is compared with what the topics and the lake hold. The tests run in
 * order on one page load, so "without reload" is checked for real (a marker set on the page at the
 * start must still be there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

  static final String HOSTILE_PATH = "/<script>alert(1)</script>";
  static final String HOSTILE_MARKUP = "<img src=x onerror=window.__xss=1>";
  private static final Path TARGET = Path.of("target");
  private static final Duration SHOWN_WITHIN = Duration.ofSeconds(45);

  private RunningPipeline pipeline;
  private ChromeDriver browser;
  private final Instant base =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
  private long validLines;
  private long allLines;

  @BeforeAll
  void start() throws Exception {
    Path dir =
        Files.createTempDirectory(Files.createDirectories(TARGET.resolve("tmp")), "dashboard-it-");
    pipeline = new RunningPipeline(dir);
    browser = Chromium.start(dir.resolve("chromium-profile"));
    browser.get(pipeline.dashboard.url().toString());
    browser.executeScript("window.__sameDocument = true;");
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Order(1)
  void showsTheFinalCountsTheTopicHolds() throws Exception {
    List<String> lines = new ArrayList<>();
    Map<Instant, Map<Integer, Long>> expected = new TreeMap<>();
    int[] statuses = {200, 200, 200, 404, 500, 301};
    for (int minute = 0; minute < 10; minute++) {
      for (int i = 0; i < 20 + minute; i++) {
        Instant ts = base.plus(minute, ChronoUnit.MINUTES).plusSeconds(i % 60);
        int status = statuses[i % statuses.length];
        lines.add(RunningPipeline.line(ts, "/page/" + (i % 7), status));
        expected
            .computeIfAbsent(base.plus(minute, ChronoUnit.MINUTES), w -> new TreeMap<>())
            .merge(status, 1L, Long::sum);
      }
    }
    // The hostile path in a valid line (curated, counted) and in a line the processor rejects
    // (shown as dead letter).
    lines.add(
        RunningPipeline.line(base.plus(9, ChronoUnit.MINUTES).plusSeconds(59), HOSTILE_PATH, 200));
    expected.get(base.plus(9, ChronoUnit.MINUTES)).merge(200, 1L, Long::sum);
    lines.add(
        "{\"ts\":\""
            + base.plus(9, ChronoUnit.MINUTES)
            + "\",\"path\":\""
            + HOSTILE_PATH
            + "\",\"ua\":\""
            + HOSTILE_MARKUP
            + "\"}");
    // One event 15 minutes later moves stream time past every window above (grace 0): they close,
    // it stays live.
    lines.add(RunningPipeline.line(base.plus(15, ChronoUnit.MINUTES), "/later", 200));
    produce(lines, lines.size() - 1);

    Map<Instant, Map<Integer, Long>> inTopic =
        Await.until(
            SHOWN_WITHIN,
            "10 final windows in " + Topics.STATUS_COUNTS,
            () ->
                TopicContents.finalCounts(pipeline.kafka.bootstrapServers(), Topics.STATUS_COUNTS),
            m -> m.size() >= 10);
    assertThat(inTopic)
        .as("the processor's final counts are those of the input")
        .isEqualTo(expected);

    Map<Instant, Map<Integer, Long>> shown =
        Await.until(
            SHOWN_WITHIN,
            "the page showing the topic's final counts",
            this::finalCountsOnPage,
            m -> m.equals(inTopic));
    assertThat(shown).isEqualTo(inTopic);
    assertThat(liveWindowsOnPage())
        .as("the open window, from the live topic")
        .containsEntry(base.plus(15, ChronoUnit.MINUTES), Map.of(200, 1L));
    long rawEnd = TopicContents.endOffsets(pipeline.kafka.bootstrapServers(), Topics.RAW);
    assertThat(rawEnd).isEqualTo(allLines);
    Await.until(
        SHOWN_WITHIN,
        "lines in logs_raw on the page",
        () -> dataValue("total-logs_raw"),
        v -> v.equals(String.valueOf(rawEnd)));
    // The table's visible text agrees with its data (what a person reads, not only what the test
    // reads).
    String firstFinal =
        js(
            "return document.querySelector(\"#status-table tbody tr[data-closed='true'] "
                + "td[data-status='total']\").textContent;");
    assertThat(firstFinal).matches("[0-9,]+");
    screenshot("dashboard.png");
  }

  @Test
  @Order(2)
  void moreTrafficChangesThePageWithoutReload() throws Exception {
    long snapshotsBefore =
        ((Number) browser.executeScript("return window.logpipeDashboard.snapshots;")).longValue();
    List<String> lines = new ArrayList<>();
    for (int minute = 16; minute < 20; minute++) {
      for (int i = 0; i < 5; i++) {
        lines.add(
            RunningPipeline.line(
                base.plus(minute, ChronoUnit.MINUTES).plusSeconds(i), "/more", 503));
      }
    }
    lines.add(RunningPipeline.line(base.plus(25, ChronoUnit.MINUTES), "/later", 200));
    produce(lines, lines.size());

    Map<Instant, Map<Integer, Long>> shown =
        Await.until(
            SHOWN_WITHIN,
            "the new windows on the page",
            this::finalCountsOnPage,
            m -> m.containsKey(base.plus(19, ChronoUnit.MINUTES)));
    for (int minute = 16; minute < 20; minute++) {
      assertThat(shown.get(base.plus(minute, ChronoUnit.MINUTES))).isEqualTo(Map.of(503, 5L));
    }
    assertThat(shown.get(base.plus(15, ChronoUnit.MINUTES)))
        .as("the window that was live is final now")
        .isEqualTo(Map.of(200, 1L));
    assertThat(browser.executeScript("return window.__sameDocument === true;"))
        .as("no reload")
        .isEqualTo(true);
    long snapshotsAfter =
        ((Number) browser.executeScript("return window.logpipeDashboard.snapshots;")).longValue();
    assertThat(snapshotsAfter).isGreaterThan(snapshotsBefore);
  }

  @Test
  @Order(3)
  void aHostilePathIsShownAsText() throws Exception {
    String raw =
        Await.until(
            SHOWN_WITHIN,
            "the rejected hostile line on the page",
            () ->
                js(
                    "const c = [...document.querySelectorAll('#recent-rejects td.raw')].find(td => td.innerText.includes("
                        + "arguments[0])); return c ? c.innerText : '';",
                    HOSTILE_PATH),
            t -> !t.isEmpty());
    assertThat(raw).contains(HOSTILE_PATH).contains(HOSTILE_MARKUP);
    assertThat(browser.findElements(By.cssSelector("main script, main img")))
        .as("no markup from log data")
        .isEmpty();
    assertThat(browser.executeScript("return window.__xss === undefined;")).isEqualTo(true);
    assertThatThrownBy(() -> browser.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    assertThat(
            js(
                "return document.querySelector('#reject-reasons tr[data-reason=\"MISSING_FIELD\"] td.num')"
                    + ".innerText;"))
        .isEqualTo("1");
  }

  @Test
  @Order(4)
  void theLakeAndTheSinkLagFollowTheSink() throws Exception {
    Await.until(
        SHOWN_WITHIN,
        "every curated row in the lake, on the page",
        () -> dataValue("lake-rows"),
        v -> v.equals(String.valueOf(validLines)));
    Await.until(
        SHOWN_WITHIN,
        "the processor's lag on logs_raw at 0",
        () -> lagOnPage("logpipe-stream-processor", Topics.RAW),
        v -> v.equals("0"));
    // logs_curated is transactional: a sink that has everything may still be one commit marker
    // behind.
    Await.until(
        SHOWN_WITHIN,
        "the sink caught up",
        () -> lagOnPage("logpipe-hdfs-sink", Topics.CURATED),
        v -> v.equals("0") || v.equals("1"));
    assertThat(
            Long.parseLong(js("return document.getElementById('lake-hours-present').innerText;")))
        .isPositive();
  }

  @Test
  @Order(5)
  void aBrokerOutageIsShownAndClearsWhenItReturns() throws Exception {
    long t0 = System.nanoTime();
    pipeline.stopBroker();
    Await.until(
        Duration.ofSeconds(20),
        "the outage on the page",
        () -> brokerReachable(),
        r -> r.equals("false"));
    long shownMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(js("return document.getElementById('broker-status').innerText;"))
        .contains("UNREACHABLE");
    screenshot("dashboard-broker-down.png");
    long t1 = System.nanoTime();
    pipeline.restartBroker();
    Await.until(
        Duration.ofSeconds(60),
        "the broker back on the page",
        () -> brokerReachable(),
        r -> r.equals("true"));
    long clearedMs = (System.nanoTime() - t1) / 1_000_000;
    System.out.printf(
        "dashboard: broker outage shown %d ms after the broker stopped; cleared %d ms after restart%n",
        shownMs, clearedMs);
    assertThat(browser.executeScript("return window.__sameDocument === true;"))
        .as("no reload")
        .isEqualTo(true);
  }

  private void produce(List<String> lines, long valid) throws Exception {
    pipeline.produce(lines);
    allLines += lines.size();
    validLines += valid;
  }

  /**
   * Reads the page in one script call: the page re-renders every second, so element handles go
   * stale.
   */
  private String js(String script, Object... args) {
    return String.valueOf(browser.executeScript(script, args));
  }

  private String brokerReachable() {
    return js("return document.getElementById('broker-status').dataset.reachable;");
  }

  private String dataValue(String id) {
    return js("return document.getElementById(arguments[0]).dataset.value;", id);
  }

  private String lagOnPage(String group, String topic) {
    return js(
        "const s = document.querySelector('#lag-table tr[data-group=\"' + arguments[0] + '\"] "
            + "span[data-topic=\"' + arguments[1] + '\"]'); return s ? s.dataset.value : '';",
        group,
        topic);
  }

  private Map<Instant, Map<Integer, Long>> finalCountsOnPage() {
    return windowsOnPage(true);
  }

  private Map<Instant, Map<Integer, Long>> liveWindowsOnPage() {
    return windowsOnPage(false);
  }

  /** The status table as the page shows it: per window, the non-zero counts per status. */
  @SuppressWarnings("unchecked")
  private Map<Instant, Map<Integer, Long>> windowsOnPage(boolean closed) {
    List<Map<String, Object>> rows =
        (List<Map<String, Object>>)
            browser.executeScript(
                "return [...document.querySelectorAll('#status-table tbody tr')].map(tr => ({window: tr.dataset.window,"
                    + " closed: tr.dataset.closed, cells: [...tr.querySelectorAll('td[data-status]')]"
                    + ".filter(td => td.dataset.status !== 'total').map(td => [td.dataset.status, td.dataset.value,"
                    + " td.textContent])}));");
    Map<Instant, Map<Integer, Long>> out = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      if (!String.valueOf(closed).equals(row.get("closed"))) {
        continue;
      }
      Map<Integer, Long> counts = new TreeMap<>();
      for (List<String> cell : (List<List<String>>) row.get("cells")) {
        long value = Long.parseLong(cell.get(1));
        assertThat(cell.get(2).replace(",", ""))
            .as("shown text of %s", cell)
            .isEqualTo(cell.get(1));
        if (value != 0) {
          counts.put(Integer.parseInt(cell.get(0)), value);
        }
      }
      out.put(Instant.parse((String) row.get("window")), counts);
    }
    return out;
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(TARGET);
    Files.write(TARGET.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }
}
