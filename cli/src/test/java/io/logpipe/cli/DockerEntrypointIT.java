package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.testkit.Await;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint ({@code docker/logpipe-entrypoint.sh}) run as the image runs it, with the
 * ingest stage's shaded jar where the image keeps it and a real broker: a service stopped by
 * SIGTERM or SIGINT leaves a class-data-sharing archive of its jar, the next start maps its classes
 * from it, {@code --help} leaves none. (Docker itself cannot run here.)
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DockerEntrypointIT {

  private static final Path REPO = Path.of(System.getProperty("logpipe.repo.root", ".."));
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path tmp;

  /** A directory laid out as the image's /opt/logpipe, holding the ingest stage's jar. */
  private Path jars() throws IOException {
    Path target = REPO.resolve("ingest/target");
    Path jar = null;
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> all =
          Files.newDirectoryStream(target, "logpipe-ingest-*-all.jar")) {
        for (Path p : all) {
          jar = p;
        }
      }
    }
    assertThat(jar)
        .as(
            "the ingest stage's shaded jar under %s (built by ./mvnw package)",
            target.toAbsolutePath())
        .isNotNull();
    Path dir = Files.createDirectories(tmp.resolve("opt-logpipe"));
    try { // a hard link: the same file (size and time, which name the archive), nothing copied
      Files.createLink(dir.resolve("logpipe-ingest.jar"), jar);
    } catch (IOException | UnsupportedOperationException otherFileSystem) {
      Files.copy(jar, dir.resolve("logpipe-ingest.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    }
    return dir;
  }

  private ProcessBuilder entrypoint(Path jars, Path cds, String javaOpts, String... args) {
    List<String> command =
        new ArrayList<>(List.of("sh", REPO.resolve("docker/logpipe-entrypoint.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.redirectOutput(tmp.resolve("run-" + System.nanoTime() + ".log").toFile());
    Map<String, String> env = b.environment();
    env.put("LOGPIPE_JARS", jars.toString());
    env.put("LOGPIPE_CDS_DIR", cds.toString());
    env.put("JAVA_OPTS", javaOpts);
    return b;
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static long produced(EmbeddedKafka kafka, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin
          .listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
          .all()
          .get()
          .values()
          .stream()
          .mapToLong(r -> r.offset())
          .sum();
    }
  }

  @Test
  void aStageStoppedBySigtermOrSigintLeavesAnArchiveTheNextStartMapsItsClassesFrom(
      EmbeddedKafka kafka) throws Exception {
    kafka.createTopic("cds_raw", 1);
    Path jars = jars();
    Path cds = tmp.resolve("cds");

    // --help runs no stage work: no archive
    Process help = entrypoint(jars, cds, "", "produce", "--help").start();
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(files(cds)).isEmpty();

    // a service's life: runs until stopped, by SIGTERM (what `docker stop` sends the entrypoint)
    // or by SIGINT (Ctrl-C), each leaving one archive
    Path archive = runServiceUntil(kafka, jars, cds, "INT");
    Path other = runServiceUntil(kafka, jars, tmp.resolve("cds-term"), "TERM");
    assertThat(other.getFileName()).isEqualTo(archive.getFileName());

    // the next start maps the stage's own classes from it
    File classLog = tmp.resolve("classes.log").toFile();
    Process next =
        entrypoint(
                jars,
                cds,
                "-Xlog:class+load=info:file=" + classLog,
                "produce",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "cds_raw",
                "--events",
                "200",
                "--rate",
                "0")
            .start();
    assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).isZero();
    assertThat(Files.readAllLines(classLog.toPath()))
        .anySatisfy(
            l -> assertThat(l).contains("io.logpipe.ingest").contains("shared objects file (top)"));
    assertThat(files(cds)).containsExactly(archive); // used, not rewritten; no partial left
  }

  /**
   * Runs {@code produce} through the entrypoint until it has sent events, stops it with {@code
   * signal} sent to the entrypoint's shell, and returns the one archive it left in {@code cds}.
   */
  private Path runServiceUntil(EmbeddedKafka kafka, Path jars, Path cds, String signal)
      throws Exception {
    long before = produced(kafka, "cds_raw");
    Process service =
        entrypoint(
                jars,
                cds,
                "-Xmx256m",
                "produce",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "cds_raw",
                "--rate",
                "500")
            .start();
    Await.until(DEADLINE, "the service producing", () -> produced(kafka, "cds_raw") > before);
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(service.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIG%s", signal).isTrue();
    assertThat(service.exitValue()).isIn(0, 130, 143);
    List<Path> archives = files(cds);
    assertThat(archives).as("one archive, no partial file").hasSize(1);
    Path archive = archives.get(0);
    assertThat(archive.getFileName().toString()).startsWith("logpipe-ingest-").endsWith(".jsa");
    assertThat(Files.size(archive)).isPositive();
    return archive;
  }

  @Test
  void anUnknownCdsModeIsRefusedWithItsName() throws Exception {
    ProcessBuilder b = entrypoint(tmp, tmp.resolve("cds"), "", "process", "--help");
    b.environment().put("LOGPIPE_CDS", "always");
    Path log = tmp.resolve("refused.log");
    Process p = b.redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("LOGPIPE_CDS must be auto or off, not 'always'");
  }
}
