package io.logpipe.dashboard;

import io.logpipe.dashboard.web.DashboardServer;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.schemas.Topics;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Several instances of each stage on several partitions, as {@code logpipe local --processors K
 * --sinks K} runs them: one group per stage, instance n's client id {@code processor-n} or {@code
 * sink-n}, and the dashboard beside them with its default group names.
 */
final class ScaledOutPipeline implements AutoCloseable {

  final EmbeddedKafka kafka;
  final List<StreamProcessor> processors = new ArrayList<>();
  final List<HdfsSink> sinks = new ArrayList<>();
  final DashboardServer dashboard;

  ScaledOutPipeline(Path dir, int partitions, int instances) throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), true, Map.of());
    try {
      kafka.createTopic(Topics.RAW, partitions);
      for (int n = 1; n <= instances; n++) {
        processors.add(
            StreamProcessor.start(
                kafka.bootstrapServers(),
                Map.of(
                    StreamsConfig.STATE_DIR_CONFIG,
                    dir.resolve("streams-" + n).toString(),
                    StreamsConfig.CLIENT_ID_CONFIG,
                    "processor-" + n,
                    ProcessorConfig.TOPIC_PARTITIONS,
                    String.valueOf(partitions)),
                null));
      }
      for (int n = 1; n <= instances; n++) {
        sinks.add(
            HdfsSink.start(
                SinkConfig.builder(kafka.bootstrapServers(), dir.resolve("lake").toUri())
                    .consumerProperties(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "sink-" + n))
                    .build(),
                new Configuration(),
                null));
      }
      dashboard =
          DashboardServer.start(
              DashboardConfig.of(kafka.bootstrapServers(), dir.resolve("lake").toUri()).withPort(0),
              new Configuration());
    } catch (Exception | Error e) {
      closeStages();
      kafka.close();
      throw e;
    }
  }

  /** Stops sink n (from 1): it leaves the group, whose other members take its partitions. */
  void stopSink(int n) {
    sinks.remove(n - 1).close();
  }

  private void closeStages() {
    sinks.forEach(HdfsSink::close);
    processors.forEach(p -> p.close(Duration.ofSeconds(20)));
  }

  @Override
  public void close() {
    dashboard.close();
    closeStages();
    kafka.close();
  }
}
