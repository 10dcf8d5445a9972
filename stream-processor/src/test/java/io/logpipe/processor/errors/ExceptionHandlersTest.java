package io.logpipe.processor.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectReason;
import io.logpipe.schemas.RejectedLine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * The handlers inside real Kafka Streams machinery (TopologyTestDriver): a poison record in each of
 * the three failure points is dead-lettered with its raw bytes and coordinates, and the records
 * after it still flow.
 */
class ExceptionHandlersTest {

  private static final String DLQ = "dead_letters";

  private final ProcessorMetrics metrics = new ProcessorMetrics();

  /** The clock handed to the handlers: their dead letters carry its time, not the system's. */
  private static final Instant NOW = Instant.parse("2026-11-20T08:00:00Z");

  @Test
  void processingFailureIsDeadLetteredAndProcessingContinues() {
    run(
        b ->
            b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(
                    v -> {
                      if (v.equals("boom")) {
                        throw new IllegalStateException("cannot handle boom");
                      }
                      return v.toUpperCase();
                    })
                .to("out", Produced.with(Serdes.String(), Serdes.String())),
        RejectReason.PROCESSING_ERROR,
        "boom");
  }

  @Test
  void deserializationFailureIsDeadLettered() {
    run(
        b ->
            b.stream("in", Consumed.with(Serdes.String(), strictSerde()))
                .to("out", Produced.with(Serdes.String(), Serdes.String())),
        RejectReason.DESERIALIZATION_ERROR,
        "boom");
  }

  @Test
  void serializationFailureOnProductionIsDeadLettered() {
    run(
        b ->
            b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .to("out", Produced.with(Serdes.String(), strictSerde())),
        RejectReason.PRODUCTION_ERROR,
        "boom");
  }

  /** A string serde that refuses the value "boom" in both directions. */
  private static Serde<String> strictSerde() {
    return Serdes.serdeFrom(
        (topic, v) -> {
          if ("boom".equals(v)) {
            throw new SerializationException("refusing to serialize boom");
          }
          return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
        },
        (topic, b) -> {
          String v = b == null ? null : new String(b, StandardCharsets.UTF_8);
          if ("boom".equals(v)) {
            throw new SerializationException("refusing to deserialize boom");
          }
          return v;
        });
  }

  private void run(Consumer<StreamsBuilder> topology, RejectReason reason, String poison) {
    StreamsBuilder builder = new StreamsBuilder();
    topology.accept(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handlers");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Path.of(System.getProperty("java.io.tmpdir"), "ttd-" + UUID.randomUUID()).toString());
    ErrorHandling.install(props, DLQ, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      var in = driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
      in.pipeInput("k", "a".getBytes(StandardCharsets.UTF_8));
      in.pipeInput("k", poison.getBytes(StandardCharsets.UTF_8));
      in.pipeInput("k", "b".getBytes(StandardCharsets.UTF_8));
      TestOutputTopic<String, String> out =
          driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
      assertThat(out.readValuesToList()).hasSize(2);
      TestOutputTopic<byte[], RejectedLine> dlq =
          driver.createOutputTopic(
              DLQ,
              new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
              LogpipeSerdes.rejectedLine());
      List<RejectedLine> dead = dlq.readValuesToList();
      assertThat(dead).hasSize(1);
      RejectedLine r = dead.get(0);
      assertThat(r.getReason()).isEqualTo(reason);
      assertThat(bytes(r.getRaw())).isEqualTo(poison.getBytes(StandardCharsets.UTF_8));
      assertThat(r.getRawTopic()).isEqualTo("in");
      assertThat(r.getRawOffset()).isEqualTo(1L);
      assertThat(r.getMessage()).contains("boom");
      assertThat(r.getRejectedAt()).isEqualTo(NOW);
      assertThat(metrics.rejectedCount(reason)).isEqualTo(1);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
