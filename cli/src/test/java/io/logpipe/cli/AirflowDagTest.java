package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.logpipe.lake.LakeNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docker/airflow without Airflow (it cannot be installed on the build
 * machines; {@code docker/airflow/check-dag} imports the DAG with Airflow's DagBag where it can).
 * Proves: the DAG file is valid Python for this machine's python3, it builds the spark-submit
 * command and the {@code _SUCCESS} path from the names the job and the lake define, and it agrees
 * with docker-compose.yml on the lake, the jar and the sensor's connection. Does not prove that
 * Airflow imports it, its schedule, the task order or the rendered templates.
 */
class AirflowDagTest {

  private static final Path REPO = Path.of(System.getProperty("logpipe.repo.root", ".."));
  private static final Path DAG = REPO.resolve("docker/airflow/dags/logpipe_hourly_analytics.py");

  @Test
  void theDagFileIsValidPython() throws Exception {
    // compile() rather than py_compile: nothing is written next to the DAG.
    Process python =
        new ProcessBuilder(
                "python3",
                "-c",
                "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec')",
                DAG.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.exitValue()).as(output).isZero();
  }

  @Test
  void theDagSubmitsTheRealJobForTheHourOfItsDataInterval() throws Exception {
    String dag = Files.readString(DAG);

    assertThat(dag)
        .contains("MAIN_CLASS = \"io.logpipe.analytics.BatchAnalytics\"")
        .contains(
            "f\"spark-submit --class {MAIN_CLASS} {shlex.quote(ANALYTICS_JAR)}\"",
            "f\" --lake {shlex.quote(LAKE)} --hour {LAKE_HOUR} --complete-only\"")
        .contains("LAKE_HOUR = \"{{ data_interval_start.strftime('%Y-%m-%dT%H') }}\"")
        .contains("CronDataIntervalTimetable(\"0 * * * *\"", "catchup=True")
        .contains("wait_for_hour >> spark_submit");
    assertThat(REPO.resolve("analytics/src/main/java/io/logpipe/analytics/BatchAnalytics.java"))
        .isRegularFile();
  }

  @Test
  void theSensorWaitsForTheSinksMarkerInTheLakeLayout() throws Exception {
    String dag = Files.readString(DAG);
    String marker =
        "/"
            + LakeNames.CURATED
            + "/"
            + LakeNames.partitionDir(LakeNames.DT, "{DAY}")
            + "/"
            + LakeNames.partitionDir(LakeNames.HOUR, "{HOUR}")
            + "/"
            + LakeNames.SUCCESS;

    assertThat(dag)
        .contains("SUCCESS_MARKER = f\"{urlparse(LAKE).path.rstrip('/')}" + marker + "\"")
        .contains("DAY = \"{{ data_interval_start.strftime('%Y-%m-%d') }}\"")
        .contains("HOUR = \"{{ data_interval_start.strftime('%H') }}\"")
        .contains("filepath=SUCCESS_MARKER", "webhdfs_conn_id=\"webhdfs_default\"");
  }

  @Test
  void composeRunsTheDagWithTheSinksLakeAndTheJarOfTheLogpipeImage() throws Exception {
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(REPO.resolve("docker/docker-compose.yml").toFile())
            .path("services");
    JsonNode airflow = services.path("airflow");
    JsonNode env = airflow.path("environment");
    String dag = Files.readString(DAG);

    List<String> sink = new ArrayList<>();
    services.path("sink").path("command").forEach(a -> sink.add(a.asText()));
    String sinkLake = sink.get(sink.indexOf("--lake") + 1);
    assertThat(env.path("LOGPIPE_LAKE").asText()).isEqualTo(sinkLake);
    assertThat(dag).contains("os.environ.get(\"LOGPIPE_LAKE\", \"" + sinkLake + "\")");

    String jar = env.path("LOGPIPE_ANALYTICS_JAR").asText();
    assertThat(dag).contains("os.environ.get(\"LOGPIPE_ANALYTICS_JAR\", \"" + jar + "\")");
    List<String> volumes = new ArrayList<>();
    airflow.path("volumes").forEach(v -> volumes.add(v.asText()));
    assertThat(volumes)
        .contains("logpipe-jars:/opt/logpipe:ro", "./airflow/dags:/opt/airflow/dags:ro");
    assertThat(jar).startsWith("/opt/logpipe/");
    assertThat(services.path("jars").path("entrypoint").toString())
        .contains("/opt/logpipe/logpipe-analytics.jar");
    assertThat(jar).isEqualTo("/opt/logpipe/logpipe-analytics.jar");
    assertThat(airflow.path("depends_on").has("jars")).isTrue();

    JsonNode connection =
        new ObjectMapper().readTree(env.path("AIRFLOW_CONN_WEBHDFS_DEFAULT").asText());
    assertThat(connection.path("host").asText()).isEqualTo("namenode");
    assertThat(services.path("namenode").path("ports").toString()).contains("9870");
    assertThat(connection.path("port").asInt()).isEqualTo(9870);
  }
}
