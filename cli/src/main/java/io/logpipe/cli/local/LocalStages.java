package io.logpipe.cli.local;

import io.logpipe.metrics.StageHealth;
import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.iceberg.IcebergSink;
import io.logpipe.sink.iceberg.IcebergTarget;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;

/**
 * The processor and sink instances of a local run, in this JVM: instances of one stage share its
 * consumer group, so Kafka spreads the partitions over them as over processes of their own.
 * Instance {@code n} (from 1) is named {@code processor-n} or {@code sink-n}, which is also the
 * start of its consumers' client ids ({@link PartitionOwners}) and, with more than one instance,
 * its line on {@code /healthz}. Only the first instance of each stage publishes its meters: two
 * would replace each other's on the one registry.
 */
final class LocalStages implements AutoCloseable {

  private final List<StreamProcessor> processors = new ArrayList<>();
  private final List<RunningSink> sinks = new ArrayList<>();
  private final List<StageHealth.Registration> processorStages = new ArrayList<>();
  private final List<StageHealth.Registration> sinkStages = new ArrayList<>();
  private final LocalMonitoring monitoring;
  private boolean processorsClosed;

  private LocalStages(LocalMonitoring monitoring) {
    this.monitoring = monitoring;
  }

  /**
   * Starts {@code processorCount} processors, then {@code sinkCount} sinks.
   *
   * @param processorConfig the config of instance n, whose state directory and client id must be
   *     its own
   * @param sinkConfig the config of sink n, whose client id must start with its name
   */
  static LocalStages start(
      int processorCount,
      IntFunction<ProcessorConfig> processorConfig,
      int sinkCount,
      IntFunction<SinkConfig> sinkConfig,
      Configuration hadoopConf,
      LocalMonitoring monitoring) {
    return start(
        processorCount,
        processorConfig,
        sinkCount,
        sinkConfig,
        hadoopConf,
        monitoring,
        LakeFormat.FILE);
  }

  /** As above, the sinks writing in {@code format}. */
  static LocalStages start(
      int processorCount,
      IntFunction<ProcessorConfig> processorConfig,
      int sinkCount,
      IntFunction<SinkConfig> sinkConfig,
      Configuration hadoopConf,
      LocalMonitoring monitoring,
      LakeFormat format) {
    LocalStages stages = new LocalStages(monitoring);
    try {
      for (int n = 1; n <= processorCount; n++) {
        StreamProcessor p =
            StreamProcessor.start(processorConfig.apply(n), n == 1 ? monitoring.registry() : null);
        stages.processors.add(p);
        stages.processorStages.add(
            monitoring.processor(healthName("processor", n, processorCount), p));
      }
      for (int n = 1; n <= sinkCount; n++) {
        MeterRegistry registry = n == 1 ? monitoring.registry() : null;
        RunningSink s =
            format == LakeFormat.ICEBERG
                ? IcebergSink.start(
                    sinkConfig.apply(n), IcebergTarget.hadoop(), hadoopConf, registry)
                : HdfsSink.start(sinkConfig.apply(n), hadoopConf, registry);
        stages.sinks.add(s);
        stages.sinkStages.add(monitoring.sink(healthName("sink", n, sinkCount), s));
      }
      return stages;
    } catch (RuntimeException e) {
      stages.close();
      throw e;
    }
  }

  /** Instance n's name, the start of its consumers' client ids. */
  static String instanceName(String stage, int n) {
    return stage + "-" + n;
  }

  private static String healthName(String stage, int n, int count) {
    return count == 1 ? stage : instanceName(stage, n);
  }

  private static List<String> names(String stage, int count) {
    List<String> names = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      names.add(instanceName(stage, n));
    }
    return names;
  }

  /** The first processor's effective configuration (topics and windows are the same in all). */
  ProcessorConfig processorConfig() {
    return processors.get(0).config();
  }

  long curated() {
    return processors.stream().mapToLong(p -> p.metrics().curatedCount()).sum();
  }

  long rejected() {
    return processors.stream().mapToLong(p -> p.metrics().rejectedTotal()).sum();
  }

  long lateEvents() {
    return processors.stream().mapToLong(p -> p.metrics().lateEvents()).sum();
  }

  long rowsCommitted() {
    return sinks.stream().mapToLong(s -> s.counters().rowsCommitted()).sum();
  }

  PartitionOwners processorOwners(Admin admin) {
    return PartitionOwners.of(
        admin, processorConfig().applicationId(), names("processor", processors.size()));
  }

  PartitionOwners sinkOwners(Admin admin, String group) {
    return PartitionOwners.of(admin, group, names("sink", sinks.size()));
  }

  /** Closes the processors (each commits and leaves the group); the sinks go on. */
  void closeProcessors() {
    if (processorsClosed) {
      return;
    }
    processorsClosed = true;
    processorStages.forEach(StageHealth.Registration::close);
    // In parallel: one that closes alone hands its tasks to the others first, for nothing.
    closeAll("processor", processors, StreamProcessor::close);
  }

  private static <T> void closeAll(String stage, List<T> instances, Consumer<T> close) {
    List<Thread> closing = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      T instance = instances.get(i);
      Thread t = new Thread(() -> close.accept(instance), "logpipe-local-close-" + stage + (i + 1));
      closing.add(t);
      t.start();
    }
    boolean interrupted = false;
    for (Thread t : closing) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true; // Ctrl-C: the stages still close before the JVM exits
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    sinkStages.forEach(StageHealth.Registration::close);
    try {
      closeAll("sink", sinks, RunningSink::close);
    } finally {
      closeProcessors();
    }
  }
}
