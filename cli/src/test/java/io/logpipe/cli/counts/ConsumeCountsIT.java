package io.logpipe.cli.counts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.cli.Logpipe;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(EmbeddedKafkaExtension.class)
class ConsumeCountsIT {

  @Test
  void printsOneJsonObjectPerWindowAndStatusAndReportsUndecodableRecords(EmbeddedKafka kafka)
      throws Exception {
    kafka.createTopic("counts", 1);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (var producer =
        new KafkaProducer<>(p, new StringSerializer(), LogpipeSerdes.statusCount())) {
      producer.send(
          new ProducerRecord<>(
              "counts",
              "k1",
              new StatusCount(
                  Instant.parse("2026-11-20T10:00:00Z"),
                  Instant.parse("2026-11-20T10:01:00Z"),
                  200,
                  42L,
                  true)));
      producer.send(
          new ProducerRecord<>(
              "counts",
              "k2",
              new StatusCount(
                  Instant.parse("2026-11-20T10:00:00Z"),
                  Instant.parse("2026-11-20T10:01:00Z"),
                  503,
                  3L,
                  true)));
    }
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("counts", "bad", "not avro"));
    }

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Logpipe.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    // Generous idle timeout: all records are already in the topic, so this only adds time after the
    // last one
    // and cannot be eaten by a slow first fetch on a loaded machine.
    int exit =
        cmd.execute(
            "consume-counts",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--topic",
            "counts",
            "--idle-timeout",
            "10s");

    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.path("window_start").asText()).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(first.path("window_end").asText()).isEqualTo("2026-11-20T10:01:00Z");
    assertThat(first.path("status").asInt()).isEqualTo(200);
    assertThat(first.path("count").asLong()).isEqualTo(42);
    assertThat(first.path("final").asBoolean()).isTrue();
    assertThat(new ObjectMapper().readTree(lines[1]).path("status").asInt()).isEqualTo(503);
    assertThat(err.toString())
        .contains("undecodable record at counts-0@2", "2 records printed, 1 undecodable");
    assertThat(exit).isEqualTo(1);
  }
}
