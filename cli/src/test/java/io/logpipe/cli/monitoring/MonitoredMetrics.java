package io.logpipe.cli.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the compose stack's monitoring looks at: every PromQL expression of the Grafana dashboards
 * ({@code docker/grafana/dashboards/*.json}) and of the alert rules ({@code
 * docker/prometheus/rules/*.yml}), and the metric names they select.
 */
public final class MonitoredMetrics {

  /** Series Prometheus makes itself for every target; no application serves them. */
  public static final Set<String> MADE_BY_PROMETHEUS =
      Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

  private MonitoredMetrics() {}

  /** The docker/ directory of this checkout. */
  public static Path dockerDir() {
    return Path.of(System.getProperty("logpipe.repo.root", "..")).resolve("docker");
  }

  /** Every expression, keyed by where it is ({@code logpipe.json: Freshness}, ...). */
  public static Map<String, String> expressions() throws IOException {
    Map<String, String> exprs = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (Path board : files(dockerDir().resolve("grafana/dashboards"), ".json")) {
      for (JsonNode panel : panels(json.readTree(board.toFile()))) {
        int i = 0;
        for (JsonNode target : panel.path("targets")) {
          exprs.put(
              board.getFileName() + ": " + panel.path("title").asText() + " #" + i++,
              target.path("expr").asText());
        }
      }
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (Path rules : files(dockerDir().resolve("prometheus/rules"), ".yml")) {
      for (JsonNode group : yaml.readTree(rules.toFile()).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          String name =
              rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
          exprs.put(rules.getFileName() + ": " + name, rule.path("expr").asText());
        }
      }
    }
    return exprs;
  }

  /** Metric names the expressions select, each with the first place that names it. */
  public static Map<String, String> names() throws IOException {
    Map<String, String> names = new TreeMap<>();
    expressions()
        .forEach(
            (where, expr) -> PromQlMetricNames.of(expr).forEach(n -> names.putIfAbsent(n, where)));
    return names;
  }

  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      all.add(panel);
      panel.path("panels").forEach(all::add); // panels of collapsed rows
    }
    return all;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** The sample names in Prometheus text: {@code name} of every {@code name{labels} value} line. */
  public static Set<String> sampleNames(String scrape) {
    Set<String> names = new TreeSet<>();
    scrape
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }
}
