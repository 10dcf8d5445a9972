package io.logpipe.cli.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compose stack's monitoring fits together: Prometheus scrapes every logpipe service on the
 * port its command serves, the images are pinned, Grafana's dashboard uses the provisioned data
 * source, and every panel and rule selects metrics that the README lists. That each of those
 * metrics is really served is {@code LocalMonitoringIT}'s part.
 */
class MonitoringConfigTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Path docker = MonitoredMetrics.dockerDir();

  @Test
  void prometheusScrapesEveryLogpipeServiceOnThePortItServes() throws Exception {
    JsonNode services =
        YAML.readTree(docker.resolve("docker-compose.yml").toFile()).path("services");
    Map<String, String> served = new HashMap<>();
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      JsonNode s = service.getValue();
      List<String> command = new ArrayList<>();
      s.path("command").forEach(a -> command.add(a.asText()));
      boolean logpipeImage =
          s.path("image").asText().startsWith("logpipe:") && !s.has("entrypoint");
      if (!logpipeImage && !command.contains("--metrics-port")) {
        continue; // not a logpipe command, or the one-shot analytics run (nothing to scrape)
      }
      boolean dashboard = command.get(0).equals("dashboard");
      String portOption = dashboard ? "--port" : "--metrics-port";
      String bindOption = dashboard ? "--bind" : "--metrics-bind";
      assertThat(command).as("%s serves its metrics", service.getKey()).contains(portOption);
      assertThat(command.get(command.indexOf(bindOption) + 1))
          .as("%s listens where Prometheus can reach it", service.getKey())
          .isEqualTo("0.0.0.0");
      served.put(
          service.getKey(), service.getKey() + ":" + command.get(command.indexOf(portOption) + 1));
    }
    assertThat(served)
        .containsKeys("processor", "sink", "producer", "dashboard", "analytics-watch");

    Map<String, String> scraped = new HashMap<>();
    for (JsonNode job :
        YAML.readTree(docker.resolve("prometheus/prometheus.yml").toFile())
            .path("scrape_configs")) {
      for (JsonNode target : job.path("static_configs").path(0).path("targets")) {
        scraped.put(job.path("job_name").asText(), target.asText());
      }
    }
    assertThat(scraped).containsAllEntriesOf(served);
  }

  @Test
  void monitoringImagesArePinnedAndMountTheProvisioning() throws Exception {
    JsonNode services =
        YAML.readTree(docker.resolve("docker-compose.yml").toFile()).path("services");
    for (String name : List.of("prometheus", "grafana")) {
      String image = services.path(name).path("image").asText();
      assertThat(image).as(name).matches("(prom/prometheus|grafana/grafana):v?\\d+\\.\\d+\\.\\d+");
    }
    assertThat(services.path("prometheus").path("volumes").toString())
        .contains("./prometheus:/etc/prometheus");
    String grafanaVolumes = services.path("grafana").path("volumes").toString();
    assertThat(grafanaVolumes)
        .contains("./grafana/provisioning:/etc/grafana/provisioning")
        .contains("./grafana/dashboards:/var/lib/grafana/dashboards");
    JsonNode provider =
        YAML.readTree(docker.resolve("grafana/provisioning/dashboards/logpipe.yml").toFile())
            .path("providers")
            .path(0);
    assertThat(provider.path("options").path("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void theDashboardUsesTheProvisionedDataSource() throws Exception {
    String uid =
        YAML.readTree(docker.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
            .path("datasources")
            .path(0)
            .path("uid")
            .asText();
    JsonNode board =
        new ObjectMapper().readTree(docker.resolve("grafana/dashboards/logpipe.json").toFile());
    assertThat(board.path("uid").asText()).isEqualTo("logpipe");
    int targets = 0;
    for (JsonNode panel : board.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo(uid);
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      targets += panel.path("targets").size();
    }
    assertThat(targets).isGreaterThan(10);
  }

  @Test
  void everyPanelAndRuleSelectsMetricsTheReadmeLists() throws Exception {
    Map<String, String> expressions = MonitoredMetrics.expressions();
    assertThat(expressions.keySet())
        .anyMatch(k -> k.startsWith("logpipe.yml: LogpipeConsumerLagGrowing"))
        .anyMatch(k -> k.startsWith("logpipe.json: Freshness"));
    expressions.forEach(
        (where, expr) ->
            assertThat(PromQlMetricNames.of(expr)).as("%s: %s", where, expr).isNotEmpty());
    String readme =
        Files.readString(
            Path.of(System.getProperty("logpipe.repo.root", "..")).resolve("README.md"));
    // A histogram's or a timer's series are listed under the family's name.
    MonitoredMetrics.names()
        .forEach(
            (name, where) ->
                assertThat(readme)
                    .as("README lists %s (used by %s)", name, where)
                    .containsAnyOf(name, name.replaceFirst("_(bucket|count|sum|max)$", "")));
  }
}
