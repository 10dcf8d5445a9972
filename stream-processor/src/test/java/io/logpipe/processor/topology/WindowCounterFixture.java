package io.logpipe.processor.topology;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * The window counter half of the production topology in a TopologyTestDriver, fed directly with
 * what several raw partitions' tasks send it (a driver has one partition per topic, so the raw
 * tasks of a multi-partition topic are played by hand: their partial counts, then their progress,
 * in the order each task sends them).
 */
final class WindowCounterFixture implements AutoCloseable {

  static final String INPUT = "count-messages";

  final ProcessorConfig config;
  final ProcessorMetrics metrics = new ProcessorMetrics();
  final TopologyTestDriver driver;
  private final TestInputTopic<Integer, CountMessage> input;
  final TestOutputTopic<String, StatusCount> finals;
  final TestOutputTopic<String, StatusCount> late;

  /** Window 1 min, grace 30 s, the given idle timeout; {@code rawPartitions} from metadata. */
  WindowCounterFixture(int rawPartitions, Duration idleTimeout, Instant wallClock) {
    config =
        ProcessorConfig.builder()
            .windowIdleTimeout(idleTimeout)
            .kafkaProperty(
                StreamsConfig.STATE_DIR_CONFIG,
                Path.of("target", "ttd-" + UUID.randomUUID()).toString())
            .kafkaProperty(StreamsConfig.APPLICATION_ID_CONFIG, "ttd-windows")
            .build();
    StreamsBuilder builder = new StreamsBuilder();
    LogTopology.countWindows(
        builder,
        builder.stream(INPUT, Consumed.with(Serdes.Integer(), CountMessage.serde())),
        config,
        metrics,
        rawPartitions);
    Properties props = config.streamsProperties();
    driver = new TopologyTestDriver(builder.build(), props, wallClock);
    input =
        driver.createInputTopic(INPUT, new IntegerSerializer(), CountMessage.serde().serializer());
    finals =
        driver.createOutputTopic(
            config.statusCountsTopic(), new StringDeserializer(), LogpipeSerdes.statusCount());
    late =
        driver.createOutputTopic(
            config.statusCountsLateTopic(), new StringDeserializer(), LogpipeSerdes.statusCount());
  }

  /**
   * A raw task's partial count of {@code n} events of {@code status} in the window at {@code ws}.
   */
  void partial(Instant windowStart, int status, long n) {
    input.pipeInput(status, new PartialCount(windowStart.toEpochMilli(), n), windowStart);
  }

  /** A raw task's progress report (after its partials). */
  void progress(int rawPartition, Instant streamTime) {
    input.pipeInput(
        rawPartition, new PartitionProgress(rawPartition, streamTime.toEpochMilli()), streamTime);
  }

  void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  /** Final counts read so far, by topic key. */
  Map<String, Long> readFinals() {
    Map<String, Long> out = new HashMap<>();
    finals.readKeyValuesToList().forEach(kv -> out.merge(kv.key, kv.value.getCount(), Long::sum));
    return out;
  }

  /** Late counts read so far, summed by topic key. */
  Map<String, Long> readLate() {
    Map<String, Long> out = new HashMap<>();
    late.readKeyValuesToList().forEach(kv -> out.merge(kv.key, kv.value.getCount(), Long::sum));
    return out;
  }

  @Override
  public void close() {
    driver.close();
  }
}
