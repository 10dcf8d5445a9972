package io.logpipe.cli.bench;

import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.SinkConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The stream processor and the HDFS sink in this JVM, set up as {@code logpipe local} sets them up
 * (state under the work directory, partial counts flushed every 20 ms, a local-directory lake,
 * files rotated after 5 s or 2 s idle, 10 s allowed lateness).
 */
final class PipelineStages implements AutoCloseable {

  private final StreamProcessor processor;
  private final HdfsSink sink;
  private final URI lake;

  private PipelineStages(StreamProcessor processor, HdfsSink sink, URI lake) {
    this.processor = processor;
    this.sink = sink;
    this.lake = lake;
  }

  /**
   * Starts the processor (which creates its output topics with {@code partitions}) and then the
   * sink.
   */
  static PipelineStages start(String bootstrap, Path dir, int partitions) throws IOException {
    Path lakeDir = Files.createDirectories(dir.resolve("lake"));
    URI lake = lakeDir.toAbsolutePath().normalize().toUri();
    Map<String, String> props =
        new java.util.HashMap<>(
            Map.of(
                "state.dir",
                dir.resolve("streams").toAbsolutePath().toString(),
                ProcessorConfig.TOPIC_PARTITIONS,
                String.valueOf(partitions),
                ProcessorConfig.COUNT_FLUSH_INTERVAL,
                BenchSettings.COUNT_FLUSH_INTERVAL.toMillis() + "ms"));
    // Processor properties for A/B runs:
    // -Dbench.processor=num.stream.threads=2,commit.interval.ms=200
    for (String kv : System.getProperty("bench.processor", "").split(",")) {
      if (kv.contains("=")) {
        props.put(
            kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
      }
    }
    StreamProcessor processor = StreamProcessor.start(bootstrap, props, null);
    try {
      SinkConfig sinkConfig =
          SinkConfig.builder(bootstrap, lake)
              .rotateAge(BenchSettings.SINK_ROTATE_AGE)
              .idleTimeout(BenchSettings.SINK_IDLE_TIMEOUT)
              .allowedLateness(BenchSettings.SINK_ALLOWED_LATENESS)
              .build();
      return new PipelineStages(
          processor, HdfsSink.start(sinkConfig, new Configuration(), null), lake);
    } catch (RuntimeException e) {
      processor.close();
      throw e;
    }
  }

  StreamProcessor processor() {
    return processor;
  }

  /** Events the processor has curated so far. */
  long curated() {
    return processor.metrics().curatedCount();
  }

  /** Rows the sink has published in the lake so far. */
  long rowsInLake() {
    return sink.counters().rowsCommitted();
  }

  URI lake() {
    return lake;
  }

  /** One progress line; throws when a stage has stopped, so that a wait on it ends at once. */
  String status() {
    KafkaStreams.State state = processor.state();
    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
      throw new IllegalStateException("the stream processor stopped (state " + state + ")");
    }
    if (!sink.isRunning()) {
      throw new IllegalStateException(
          "the HDFS sink stopped: "
              + sink.failure().map(Throwable::getMessage).orElse("no error reported"));
    }
    return String.format(
        Locale.ROOT,
        "processor %s, lines in %,d, curated %,d; lake rows %,d",
        state,
        processor.metrics().linesIn(),
        curated(),
        rowsInLake());
  }

  @Override
  public void close() {
    try {
      processor.close();
    } finally {
      sink.close();
    }
  }
}
