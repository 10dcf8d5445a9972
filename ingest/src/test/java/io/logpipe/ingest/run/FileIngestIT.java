package io.logpipe.ingest.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.embedded.testing.TopicRecords;
import io.logpipe.ingest.file.FileFollower;
import io.logpipe.ingest.file.FileReaderConfig;
import io.logpipe.ingest.file.FollowPosition;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.support.SampleLog;
import io.logpipe.schemas.Topics;
import io.logpipe.testkit.Await;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedKafkaExtension.class)
class FileIngestIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private static ProducerSettings settings(EmbeddedKafka kafka, String topic) {
    return ProducerSettings.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topic(topic)
        .build();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void plainAndGzipFilesArriveInOrderWithSourceAndHostHeaders(EmbeddedKafka kafka)
      throws Exception {
    String topic = "raw-files";
    kafka.createTopic(topic, 1);
    Path plain = SampleLog.copyTo(dir);
    Path gz = dir.resolve("access.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(plain, out);
    }
    IngestRun run =
        IngestRun.files(
            FileReaderConfig.builder(List.of(plain, gz)).host("shop.myapp.com").build(),
            settings(kafka, topic));
    run.run();
    IngestSummary summary = run.summary();
    assertThat(summary.outcome()).isEqualTo(IngestSummary.Outcome.COMPLETED);
    assertThat(summary.acknowledged()).isEqualTo(10_000);

    List<byte[]> expected = SampleLog.splitLines(Files.readAllBytes(plain));
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(kafka.bootstrapServers(), topic, 10_000, DEADLINE);
    assertThat(records).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      ConsumerRecord<byte[], byte[]> r = records.get(i);
      assertThat(r.value()).isEqualTo(expected.get(i % 5_000));
      assertThat(header(r, Topics.HEADER_SOURCE)).isEqualTo((i < 5_000 ? plain : gz).toString());
      assertThat(header(r, Topics.HEADER_HOST)).isEqualTo("shop.myapp.com");
      assertThat(r.key()).isNull();
    }
  }

  @Test
  void aTruncatedGzipDeliversItsCompleteLinesAndTheNextFilesAndEndsAsAnInputError(
      EmbeddedKafka kafka) throws Exception {
    String topic = "raw-damaged";
    kafka.createTopic(topic, 1);
    Path plain = SampleLog.copyTo(dir);
    Path whole = dir.resolve("whole.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
      Files.copy(plain, out);
    }
    byte[] gz = Files.readAllBytes(whole);
    Path truncated = Files.write(dir.resolve("truncated.log.gz"), Arrays.copyOf(gz, gz.length / 2));

    IngestRun run =
        IngestRun.files(
            FileReaderConfig.builder(List.of(truncated, plain)).build(), settings(kafka, topic));
    run.run();
    IngestSummary summary = run.summary();

    assertThat(summary.outcome()).isEqualTo(IngestSummary.Outcome.INPUT_ERROR);
    assertThat(summary.exitCode()).isEqualTo(IngestSummary.EXIT_INPUT_ERROR);
    assertThat(summary.files()).hasSize(2);
    InputFileReport damaged = summary.files().get(0);
    assertThat(damaged.source()).isEqualTo(truncated.toString());
    assertThat(damaged.problem()).isEqualTo("truncated (Unexpected end of ZLIB input stream)");
    assertThat(damaged.lines()).as("the complete lines before the damage").isBetween(1L, 4_999L);
    assertThat(summary.files().get(1))
        .isEqualTo(new InputFileReport(plain.toString(), 5_000, null));
    assertThat(summary.error()).isEqualTo(damaged.render()).startsWith(truncated + ": ");
    assertThat(summary.acknowledged())
        .as("every line that could be read")
        .isEqualTo(damaged.lines() + 5_000);
    List<byte[]> expected = SampleLog.splitLines(Files.readAllBytes(plain));
    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.readAll(kafka.bootstrapServers(), topic, summary.acknowledged(), DEADLINE);
    for (int i = 0; i < damaged.lines(); i++) {
      assertThat(records.get(i).value())
          .as("line %d of the damaged file, unchanged", i + 1)
          .isEqualTo(expected.get(i));
    }
  }

  @Test
  void oversizeLinesAreCountedAndReportedNotDropped(EmbeddedKafka kafka) throws Exception {
    String topic = "raw-small-messages";
    // The broker takes at most 20 kB per batch on this topic; the producer allows 100 kB per
    // request.
    kafka.createTopics(
        List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "20000"))));
    Path f = dir.resolve("mixed.log");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write("first\n".getBytes(StandardCharsets.US_ASCII));
      out.write(
          ("x".repeat(200_000) + "\n")
              .getBytes(StandardCharsets.US_ASCII)); // over max.request.size
      out.write("middle\n".getBytes(StandardCharsets.US_ASCII));
      // Over the broker's limit but under the producer's; random so compression cannot shrink it.
      byte[] noisy = new byte[40_000];
      new java.util.Random(1).nextBytes(noisy);
      for (int i = 0; i < noisy.length; i++) {
        noisy[i] = (byte) ('a' + Math.floorMod(noisy[i], 26));
      }
      out.write(noisy);
      out.write("\nlast\n".getBytes(StandardCharsets.US_ASCII));
    }
    IngestRun run =
        IngestRun.files(
            FileReaderConfig.builder(List.of(f)).build(),
            ProducerSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .property("max.request.size", "100000")
                .build());
    run.run();
    IngestSummary summary = run.summary();
    assertThat(summary.sent()).isEqualTo(5);
    assertThat(summary.oversize()).isEqualTo(2);
    assertThat(summary.acknowledged()).isEqualTo(3);
    assertThat(summary.exitCode()).isEqualTo(IngestSummary.EXIT_OVERSIZE_LINES);
    assertThat(summary.oversizeOrigins())
        .anyMatch(o -> o.startsWith(f + ":2 "))
        .anyMatch(o -> o.startsWith(f + ":4 "));
    assertThat(summary.render()).contains("2 oversize");
    assertThat(TopicRecords.readAll(kafka.bootstrapServers(), topic, 3, DEADLINE))
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("first", "middle", "last");
  }

  @Test
  void anUnreachableBrokerIsAClearDeliveryFailure() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path f = SampleLog.copyTo(dir);
    IngestRun run =
        IngestRun.files(
            FileReaderConfig.builder(List.of(f)).build(),
            ProducerSettings.builder()
                .bootstrapServers("127.0.0.1:" + closedPort)
                .property("max.block.ms", "2000")
                .build());
    run.run();
    IngestSummary summary = run.summary();
    assertThat(summary.outcome()).isEqualTo(IngestSummary.Outcome.DELIVERY_FAILED);
    assertThat(summary.exitCode()).isEqualTo(IngestSummary.EXIT_DELIVERY_FAILED);
    assertThat(summary.error())
        .contains("127.0.0.1:" + closedPort)
        .contains("logs_raw")
        .contains("2000 ms");
    assertThat(summary.acknowledged()).isZero();
  }

  @Test
  void aBrokerLostMidRunEndsTheRunWithAnHonestCount() throws Exception {
    EmbeddedKafka doomed = EmbeddedKafka.start();
    IngestRun run;
    Thread thread;
    try {
      doomed.createTopic("raw-doomed", 1);
      run =
          IngestRun.generator(
              io.logpipe.ingest.generator.GeneratorConfig.builder().seed(3).rate(20_000).build(),
              ProducerSettings.builder()
                  .bootstrapServers(doomed.bootstrapServers())
                  .topic("raw-doomed")
                  .property("delivery.timeout.ms", "6000")
                  .property("request.timeout.ms", "2000")
                  .property("max.block.ms", "3000")
                  .build());
      thread = new Thread(run, "ingest-doomed");
      thread.start();
      IngestRun r = run;
      Await.until(DEADLINE, "5,000 acknowledged lines", () -> r.counters().acknowledged() >= 5_000);
    } finally {
      doomed.close();
    }
    IngestSummary summary = run.awaitSummary(Duration.ofSeconds(90));
    assertThat(summary).as("the run ends on its own after delivery.timeout.ms").isNotNull();
    thread.join();
    assertThat(summary.outcome()).isEqualTo(IngestSummary.Outcome.DELIVERY_FAILED);
    assertThat(summary.error()).isNotBlank();
    assertThat(summary.acknowledged()).isGreaterThanOrEqualTo(5_000);
    assertThat(summary.failed()).isPositive();
    assertThat(summary.acknowledged() + summary.failed() + summary.oversize())
        .isEqualTo(summary.sent());
    assertThat(summary.exitCode()).isEqualTo(IngestSummary.EXIT_DELIVERY_FAILED);
  }

  @Test
  void followingAcrossARotationDeliversEveryLineOnceInOrder(EmbeddedKafka kafka) throws Exception {
    String topic = "raw-follow";
    kafka.createTopic(topic, 1);
    Path log = dir.resolve("access.log");
    Files.writeString(log, lines(0, 1_000));
    Path stateDir = dir.resolve("state");
    IngestRun run =
        IngestRun.files(
            FileReaderConfig.builder(List.of(log))
                .follow(true)
                .stateDir(stateDir)
                .pollInterval(Duration.ofMillis(20))
                .build(),
            settings(kafka, topic));
    Thread thread = new Thread(run, "ingest-follow");
    thread.start();
    Await.until(DEADLINE, "the first lines", () -> run.counters().acknowledged() >= 500);
    Files.writeString(log, lines(1_000, 1_500), StandardOpenOption.APPEND);
    Files.move(log, dir.resolve("access.log.1"));
    Files.writeString(log, lines(1_500, 3_000));
    Await.until(DEADLINE, "all 3,000 lines", () -> run.counters().acknowledged() >= 3_000);
    run.stop();
    IngestSummary summary = run.awaitSummary(Duration.ofSeconds(60));
    assertThat(summary.outcome()).isEqualTo(IngestSummary.Outcome.STOPPED);
    assertThat(summary.acknowledged()).isEqualTo(3_000);
    List<String> got =
        TopicRecords.readAll(kafka.bootstrapServers(), topic, 3_000, DEADLINE).stream()
            .map(r -> new String(r.value(), StandardCharsets.UTF_8))
            .toList();
    assertThat(got).containsExactlyElementsOf(lines(0, 3_000).lines().toList());
    FollowPosition saved = FollowPosition.read(FileFollower.defaultStateFile(log, stateDir));
    assertThat(saved.lineNumber()).isEqualTo(1_500);
    assertThat(saved.offset()).isEqualTo(Files.size(log));
  }

  private static String lines(int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < to; i++) {
      s.append("{\"ts\":\"2026-11-20T00:00:00.000000Z\",\"n\":").append(i).append("}\n");
    }
    return s.toString();
  }
}
