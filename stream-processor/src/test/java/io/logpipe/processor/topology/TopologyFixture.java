package io.logpipe.processor.topology;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.config.ProcessorConfigBuilder;
import io.logpipe.processor.errors.ErrorHandling;
import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectedLine;
import io.logpipe.schemas.StatusCount;
import io.logpipe.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a TopologyTestDriver, with typed input and output topics. */
final class TopologyFixture implements AutoCloseable {

  final ProcessorConfig config;
  final ProcessorMetrics metrics = new ProcessorMetrics();
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> raw;
  final TestOutputTopic<String, LogEvent> curated;
  final TestOutputTopic<String, RejectedLine> rejected;
  final TestOutputTopic<String, StatusCount> counts;
  final TestOutputTopic<String, StatusCount> live;
  final TestOutputTopic<String, StatusCount> late;

  /** The topology configured by properties, as the process command reads them. */
  TopologyFixture(Map<String, String> overrides) {
    this(ProcessorConfig.from(withDriverProperties(new HashMap<>(overrides))));
  }

  /** The topology configured in code, e.g. with an injected clock. */
  TopologyFixture(ProcessorConfigBuilder builder) {
    this(builder.kafkaProperties(withDriverProperties(new HashMap<>())).build());
  }

  private static Map<String, String> withDriverProperties(Map<String, String> p) {
    p.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Path.of(System.getProperty("java.io.tmpdir"), "ttd-" + UUID.randomUUID()).toString());
    p.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "ttd");
    return p;
  }

  private TopologyFixture(ProcessorConfig config) {
    this.config = config;
    Properties props = config.streamsProperties();
    ErrorHandling.install(props, config.rejectedTopic(), metrics, config.clock());
    driver = new TopologyTestDriver(LogTopology.build(config, metrics), props);
    raw =
        driver.createInputTopic(
            config.rawTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    curated =
        driver.createOutputTopic(
            config.curatedTopic(), new StringDeserializer(), LogpipeSerdes.logEvent());
    rejected =
        driver.createOutputTopic(
            config.rejectedTopic(), new StringDeserializer(), LogpipeSerdes.rejectedLine());
    counts =
        driver.createOutputTopic(
            config.statusCountsTopic(), new StringDeserializer(), LogpipeSerdes.statusCount());
    live =
        driver.createOutputTopic(
            config.statusCountsLiveTopic(), new StringDeserializer(), LogpipeSerdes.statusCount());
    late =
        driver.createOutputTopic(
            config.statusCountsLateTopic(),
            new StringDeserializer(),
            LogpipeSerdes.statusCount().deserializer());
  }

  void pipe(String line) {
    pipe(line.getBytes(StandardCharsets.UTF_8), null);
  }

  void pipe(byte[] value, String hostHeader) {
    RecordHeaders headers = new RecordHeaders();
    if (hostHeader != null) {
      headers.add(Topics.HEADER_HOST, hostHeader.getBytes(StandardCharsets.UTF_8));
    }
    raw.pipeInput(new TestRecord<>(null, value, headers, Instant.now()));
    // Let the partial status counts flush, as the wall clock would between records in production.
    driver.advanceWallClockTime(config.countFlushInterval());
  }

  /**
   * Pipes a line without letting the partial counts flush: as when event time runs far ahead of the
   * wall clock.
   */
  void pipeWithoutFlush(String line) {
    raw.pipeInput(
        new TestRecord<>(
            null, line.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Instant.now()));
  }

  /**
   * One flush interval of wall-clock time: the partial counts piped since the last one go
   * downstream.
   */
  void flush() {
    driver.advanceWallClockTime(config.countFlushInterval());
  }

  static String json(Instant ts, int status) {
    return json(ts, status, "/p");
  }

  static String json(Instant ts, int status, String path) {
    return "{\"ts\":\""
        + ts
        + "\",\"host\":\"h\",\"method\":\"GET\",\"path\":\""
        + path
        + "\",\"status\":"
        + status
        + ",\"bytes\":10,\"ip\":\"10.0.0.1\",\"rt_ms\":3}";
  }

  @Override
  public void close() {
    driver.close();
  }
}
