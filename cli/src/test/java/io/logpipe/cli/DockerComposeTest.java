package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker/ cannot run here (no Docker engine): this keeps it honest. Every service on the logpipe
 * image must invoke a real subcommand with options that exist, as parsed by the same picocli
 * commands the image runs.
 */
class DockerComposeTest {

  private static final Path REPO = Path.of(System.getProperty("logpipe.repo.root", ".."));

  @Test
  void everyLogpipeServiceRunsARealSubcommandWithValidOptions() throws Exception {
    Path compose = REPO.resolve("docker/docker-compose.yml");
    assertThat(compose)
        .as("docker/docker-compose.yml under %s", REPO.toAbsolutePath())
        .isRegularFile();
    JsonNode services =
        new ObjectMapper(new YAMLFactory()).readTree(compose.toFile()).path("services");

    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      JsonNode s = service.getValue();
      if (!s.path("image").asText().startsWith("logpipe:") || s.has("entrypoint")) {
        continue;
      }
      List<String> args = new ArrayList<>();
      s.path("command").forEach(a -> args.add(a.asText()));
      assertThat(args).as("command of service %s", service.getKey()).isNotEmpty();

      ParseResult parsed = Logpipe.commandLine().parseArgs(args.toArray(String[]::new));

      assertThat(parsed.hasSubcommand())
          .as("service %s runs a subcommand", service.getKey())
          .isTrue();
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(args.get(0));
      checked.add(service.getKey());
    }
    assertThat(checked).containsExactlyInAnyOrder("processor", "sink", "producer", "dashboard");
  }

  @Test
  void entrypointDispatchesEverySubcommandTheServicesUse() throws Exception {
    String entrypoint = Files.readString(REPO.resolve("docker/logpipe-entrypoint.sh"));
    for (String sub : List.of("produce", "ingest-file", "process", "sink", "dashboard")) {
      assertThat(new CommandLine(new Logpipe()).getSubcommands()).containsKey(sub);
      assertThat(entrypoint).contains(sub);
    }
  }

  @Test
  void analyticsServiceSubmitsTheRealMainClass() throws Exception {
    Path compose = REPO.resolve("docker/docker-compose.yml");
    JsonNode analytics =
        new ObjectMapper(new YAMLFactory())
            .readTree(compose.toFile())
            .path("services")
            .path("analytics");
    List<String> args = new ArrayList<>();
    analytics.path("command").forEach(a -> args.add(a.asText()));

    assertThat(args).contains("--class", "io.logpipe.analytics.BatchAnalytics", "--lake");
    assertThat(REPO.resolve("analytics/src/main/java/io/logpipe/analytics/BatchAnalytics.java"))
        .isRegularFile();
  }
}
