package io.logpipe.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpipe.cli.Logpipe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code logpipe local --dashboard --partitions 6 --processors 2 --sinks 2}: the dashboard served
 * beside the run names, on {@code /api/owners}, the instances {@code local} started and gives every
 * partition of each stage's input topic to exactly one of them.
 */
class LocalDashboardOwnersIT {

  private static final List<Integer> SIX = List.of(0, 1, 2, 3, 4, 5);

  @TempDir Path tmp;

  @Test
  void theDashboardShowsWhichInstanceOwnsWhichPartitions() throws Exception {
    CommandLine logpipe = Logpipe.commandLine();
    logpipe.parseArgs(
        "local",
        "--start=2026-11-20T00:00:00Z",
        "--lake=" + tmp.resolve("lake"),
        "--events=20000",
        "--span=1h",
        "--partitions=6",
        "--processors=2",
        "--sinks=2",
        "--no-analytics",
        "--dashboard",
        "--dashboard-port=0");
    LocalOptions options =
        ((LocalCommand) logpipe.getSubcommands().get("local").getCommand()).options();
    StringWriter text = new StringWriter();
    LocalPipeline pipeline = new LocalPipeline(options, new PrintWriter(text, true), false);
    CompletableFuture<LocalResult> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return pipeline.run();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    try {
      assertThat(pipeline.awaitKeptRunning(Duration.ofMinutes(5)))
          .as("the run finished and kept running")
          .isTrue();
      DashboardPage page = new DashboardPage(pipeline.dashboardUrl());
      JsonNode owners =
          page.poll(
              Duration.ofSeconds(90),
              "/api/owners",
              o ->
                  settled(byInstance(o, "processor"), "processor")
                      && settled(byInstance(o, "sink"), "sink"));
      assertThat(byInstance(owners, "processor")).containsOnlyKeys("processor-1", "processor-2");
      assertThat(byInstance(owners, "sink")).containsOnlyKeys("sink-1", "sink-2");
      for (JsonNode stage : owners) {
        assertThat(stage.path("unowned")).isEmpty();
        assertThat(stage.path("partitions").asInt()).isEqualTo(6);
      }
    } finally {
      pipeline.requestStop();
      LocalResult result = running.get(2, TimeUnit.MINUTES);
      System.out.println(text);
      assertThat(result.exitCode()).as(text.toString()).isZero();
    }
  }

  /** Both instances own some, and every partition is owned exactly once. */
  private static boolean settled(Map<String, List<Integer>> owners, String stage) {
    List<Integer> all = new ArrayList<>();
    owners.values().forEach(all::addAll);
    all.sort(null);
    return owners.keySet().equals(java.util.Set.of(stage + "-1", stage + "-2"))
        && owners.values().stream().noneMatch(List::isEmpty)
        && all.equals(SIX);
  }

  private static Map<String, List<Integer>> byInstance(JsonNode owners, String stage) {
    Map<String, List<Integer>> out = new TreeMap<>();
    for (JsonNode s : owners) {
      if (!s.path("stage").asText().equals(stage)) {
        continue;
      }
      for (JsonNode o : s.path("owners")) {
        List<Integer> partitions =
            out.computeIfAbsent(o.path("instance").asText(), i -> new ArrayList<>());
        o.path("partitions").forEach(p -> partitions.add(p.asInt()));
      }
    }
    return out;
  }
}
