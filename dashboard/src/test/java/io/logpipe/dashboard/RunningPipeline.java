package io.logpipe.dashboard;

import io.logpipe.dashboard.web.DashboardServer;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.schemas.Topics;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.SinkConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The pipeline as the dashboard sees it in production, in this JVM: a real broker, the stream
 * processor (with live counts), the HDFS sink into a local lake, and the dashboard on a free port.
 * The broker keeps its log directory so that a test can stop it and start it again on the same
 * address.
 */
final class RunningPipeline implements AutoCloseable {

  final Path lake;
  volatile EmbeddedKafka kafka;
  final StreamProcessor processor;
  final HdfsSink sink;
  final DashboardServer dashboard;
  private final KafkaProducer<byte[], byte[]> producer;

  RunningPipeline(Path dir) throws Exception {
    this.lake = dir.resolve("lake");
    this.kafka = EmbeddedKafka.start(dir.resolve("kafka"), false, Map.of());
    kafka.createTopic(Topics.RAW, 1);
    this.processor = startProcessor(kafka, dir.resolve("streams"), true);
    this.sink =
        HdfsSink.start(
            SinkConfig.builder(kafka.bootstrapServers(), lake.toUri())
                .rotateAge(Duration.ofSeconds(1))
                .idleTimeout(Duration.ofSeconds(1))
                .allowedLateness(Duration.ofSeconds(1))
                .build(),
            new Configuration(),
            null);
    this.dashboard =
        DashboardServer.start(
            DashboardConfig.of(kafka.bootstrapServers(), lake.toUri()).withPort(0),
            new Configuration());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The processor as the dashboard tests run it: one partition per topic, no grace, partial counts
   * flushed every 50 ms, so that a window's final count follows its last event closely.
   */
  static StreamProcessor startProcessor(EmbeddedKafka kafka, Path stateDir, boolean liveCounts) {
    return StreamProcessor.start(
        kafka.bootstrapServers(),
        Map.of(
            "state.dir",
            stateDir.toString(),
            ProcessorConfig.TOPIC_PARTITIONS,
            "1",
            ProcessorConfig.WINDOW_GRACE,
            "0s",
            ProcessorConfig.COUNT_FLUSH_INTERVAL,
            "50ms",
            ProcessorConfig.LIVE_COUNTS_ENABLED,
            String.valueOf(liveCounts)),
        null);
  }

  /** Writes raw lines to logs_raw and waits until the broker has them all. */
  void produce(List<String> lines) throws Exception {
    for (String line : lines) {
      producer.send(new ProducerRecord<>(Topics.RAW, line.getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
  }

  /** A valid JSON access-log line. */
  static String line(Instant ts, String path, int status) {
    return "{\"ts\":\""
        + ts
        + "\",\"host\":\"shop.example.com\",\"method\":\"GET\",\"path\":\""
        + path.replace("\"", "\\\"")
        + "\",\"status\":"
        + status
        + ",\"bytes\":512,\"ip\":\"10.0.0.7\",\"ua\":\"it\",\"rt_ms\":12}";
  }

  void stopBroker() {
    kafka.close();
  }

  void restartBroker() {
    kafka = kafka.restart();
  }

  @Override
  public void close() throws Exception {
    producer.close(Duration.ofSeconds(2));
    dashboard.close();
    sink.close();
    processor.close(Duration.ofSeconds(20));
    kafka.close();
  }
}
