package io.logpipe.cli.local;

import io.logpipe.metrics.StageHealth;
import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.SinkConfig;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * The stages started again after a run with {@code --keep-running} or {@code --dashboard}: the run
 * closed them to drain and reconcile; restarted with the same application id and group they resume
 * from their committed offsets, so traffic produced afterwards reaches the lake (and the dashboard)
 * like the run's own.
 */
final class KeptPipeline implements AutoCloseable {

  private final StreamProcessor processor;
  private final HdfsSink sink;
  private final StageHealth.Registration processorStage;
  private final StageHealth.Registration sinkStage;

  private KeptPipeline(StreamProcessor processor, HdfsSink sink, LocalMonitoring monitoring) {
    this.processor = processor;
    this.sink = sink;
    this.processorStage = monitoring.processor(processor);
    this.sinkStage = monitoring.sink(sink);
  }

  static KeptPipeline start(
      String bootstrap,
      ProcessorConfig processorConfig,
      SinkConfig sinkConfig,
      Configuration hadoopConf,
      LocalMonitoring monitoring,
      Consumer<String> say) {
    StreamProcessor processor = StreamProcessor.start(processorConfig, monitoring.registry());
    try {
      HdfsSink sink = HdfsSink.start(sinkConfig, hadoopConf, monitoring.registry());
      say.accept(
          "Stream processor and HDFS sink running again: more traffic, e.g. `logpipe produce -b "
              + bootstrap
              + "`, flows into the lake");
      return new KeptPipeline(processor, sink, monitoring);
    } catch (RuntimeException e) {
      processor.close();
      throw e;
    }
  }

  @Override
  public void close() {
    sinkStage.close();
    processorStage.close();
    try {
      sink.close();
    } finally {
      processor.close();
    }
  }
}
