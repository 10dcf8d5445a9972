package io.logpipe.cli.local;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.sink.SinkConfig;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;

/**
 * The stages started again after a run with {@code --keep-running} or {@code --dashboard}: the run
 * closed them to drain and reconcile; restarted with the same application id and group they resume
 * from their committed offsets, so traffic produced afterwards reaches the lake (and the dashboard)
 * like the run's own.
 */
final class KeptPipeline implements AutoCloseable {

  private final LocalStages stages;

  private KeptPipeline(LocalStages stages) {
    this.stages = stages;
  }

  static KeptPipeline start(
      String bootstrap,
      int processors,
      IntFunction<ProcessorConfig> processorConfig,
      int sinks,
      IntFunction<SinkConfig> sinkConfig,
      Configuration hadoopConf,
      LocalMonitoring monitoring,
      Consumer<String> say) {
    LocalStages stages =
        LocalStages.start(processors, processorConfig, sinks, sinkConfig, hadoopConf, monitoring);
    say.accept(
        "Stream processor and HDFS sink running again: more traffic, e.g. `logpipe produce -b "
            + bootstrap
            + "`, flows into the lake");
    return new KeptPipeline(stages);
  }

  @Override
  public void close() {
    stages.close();
  }
}
