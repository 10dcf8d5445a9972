package io.logpipe.sink.consumer;

import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.support.FaultInjectingFileSystem;
import io.logpipe.sink.support.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's roles as the loop wires them, on a lake in a local directory through a {@link
 * FaultInjectingFileSystem}, with a {@link ManualClock} and {@link RecordingReads} in place of the
 * consumer. {@link #poll} does what the loop does with each poll's records; offsets and event times
 * are the test's.
 */
final class SinkRolesHarness implements AutoCloseable {

  static final String TOPIC = "logs_curated";
  static final Instant START = Instant.parse("2025-12-24T10:00:00Z");

  final Path lakeDir;
  final ManualClock clock = new ManualClock(START);
  final FaultInjectingFileSystem fs;
  final RecordingReads reads = new RecordingReads();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SinkMetrics metrics = new SinkMetrics(registry);
  final SinkConfig config;
  final SinkRoles roles;
  private final SinkExecutors executors;
  private final Random rnd = new Random(3);

  /**
   * No worker lanes (rows are encoded on the calling thread, as with {@code --worker-threads 0}).
   */
  SinkRolesHarness(Path lakeDir, UnaryOperator<SinkConfig.Builder> settings) throws IOException {
    this.lakeDir = lakeDir;
    this.fs = FaultInjectingFileSystem.local();
    this.config =
        settings
            .apply(
                SinkConfig.builder("unused:9092", lakeDir.toUri())
                    .workerThreads(0)
                    .clock(clock)
                    .maxRetryTime(Duration.ofSeconds(2)))
            .build();
    this.executors = new SinkExecutors(config.workerThreads(), config.maxOpenWriters());
    this.roles = new SinkRoles(config, fs, reads, metrics, executors);
  }

  static TopicPartition tp(int partition) {
    return new TopicPartition(TOPIC, partition);
  }

  void assign(int... partitions) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p : partitions) {
      tps.add(tp(p));
    }
    roles.listener.onPartitionsAssigned(tps);
  }

  PartitionState state(int partition) {
    return roles.partitions.get(tp(partition));
  }

  /** One poll: records of {@code partition} from {@code firstOffset} on, one per event time. */
  void poll(int partition, long firstOffset, Instant... eventTimes) {
    List<ConsumerRecord<byte[], byte[]>> recs = new ArrayList<>();
    for (int i = 0; i < eventTimes.length; i++) {
      recs.add(record(partition, firstOffset + i, eventTimes[i]));
    }
    poll(Map.of(tp(partition), recs));
  }

  /** A record of a {@code LogEvent} at {@code eventTime}, as the processor writes it. */
  ConsumerRecord<byte[], byte[]> record(int partition, long offset, Instant eventTime) {
    byte[] value =
        LogpipeSerdes.logEvent()
            .serialize(TOPIC, Events.event(eventTime, "logs_raw", partition, offset, rnd));
    return new ConsumerRecord<>(TOPIC, partition, offset, null, value);
  }

  void poll(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records) {
    roles.handle(new ConsumerRecords<>(new LinkedHashMap<>(records), Map.of()));
  }

  /** A poll that returns nothing (a quiet topic, or paused partitions). */
  void emptyPoll() {
    poll(Map.of());
  }

  /** Visible files of the lake's hour directories, relative to {@code curated/}, sorted. */
  List<String> visibleFiles() {
    Path curated = lakeDir.resolve("curated");
    if (!Files.exists(curated)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(curated)) {
      return all.filter(Files::isRegularFile)
          .map(curated::relativize)
          .filter(
              rel -> {
                for (Path name : rel) {
                  if (name.toString().startsWith("_") || name.toString().startsWith(".")) {
                    return false; // hidden from readers, as _SUCCESS and the sink's own area
                  }
                }
                return true;
              })
          .map(Path::toString)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file left in the sink's temp area of {@code partition}. */
  List<String> tempFiles(int partition) {
    Path tmp = lakeDir.resolve("curated/_logpipe_sink/tmp/" + TOPIC + "/" + partition);
    if (!Files.exists(tmp)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(tmp)) {
      return all.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Batches discarded because another instance had committed their offsets. */
  long fencedBatches() {
    return (long) registry.get("logpipe.sink.batches.fenced").functionCounter().count();
  }

  URI lake() {
    return lakeDir.toUri();
  }

  @Override
  public void close() throws IOException {
    roles.clear();
    executors.close();
    fs.close();
  }
}
