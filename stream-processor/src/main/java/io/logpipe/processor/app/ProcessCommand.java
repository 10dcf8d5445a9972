package io.logpipe.processor.app;

import io.logpipe.commandline.BrokerUnreachableException;
import io.logpipe.commandline.ClientProperties;
import io.logpipe.commandline.CommandConventions;
import io.logpipe.commandline.ExitCodes;
import io.logpipe.commandline.InstanceIds;
import io.logpipe.commandline.KafkaConnection;
import io.logpipe.commandline.StreamsProperties;
import io.logpipe.metrics.MetricsPortOption;
import io.logpipe.metrics.Monitoring;
import io.logpipe.metrics.StageStatus;
import io.logpipe.processor.config.ConfigException;
import io.logpipe.processor.config.ProcessorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code process}: runs the stream processor until SIGTERM / Ctrl-C. Usable on its own (see {@link
 * StreamProcessorMain}) or as a subcommand of another picocli command.
 */
@Command(
    name = "process",
    description = {
      "Parses raw access-log lines from Kafka into curated Avro events, dead-letters bad lines with a reason "
          + "and counts events per HTTP status in event-time tumbling windows. Runs until SIGTERM or Ctrl-C.",
      "Properties: logpipe.* keys (see README) and any Kafka Streams / client property."
    },
    exitCodeList = {
      ExitCodes.BROKER_LINE,
      "2:invalid configuration or missing topics",
      "143/130:stopped cleanly by SIGTERM / Ctrl-C (the JVM's status for a signal)"
    },
    footer = {
      "  logpipe process -b kafka:9092 --state-dir /var/lib/logpipe/streams \\",
      "      -X num.stream.threads=2 --metrics-port 9400"
    })
public final class ProcessCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ProcessCommand.class);
  private static final String GROUP_INSTANCE_ID =
      org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;

  /**
   * Kafka Streams' own default {@code state.dir}, which the default instance id hashes when none is
   * set.
   */
  private static final String DEFAULT_STATE_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString();

  /** Interval of progress log lines when not on a terminal. */
  static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Mixin CommandConventions conventions;

  /** Servers from -b, else bootstrap.servers in --streams-config, else the default. */
  @Mixin KafkaConnection kafka;

  /** logpipe.* settings (see README) and any Kafka Streams or client property. */
  @Mixin StreamsProperties streams;

  /** Old spelling of --streams-config, kept for one release. */
  @Option(names = "--config", paramLabel = "FILE", hidden = true)
  Path legacyConfigFile;

  /** Old spellings of -X/--streams-property, kept for one release. */
  @Option(
      names = {"-D", "--property"},
      paramLabel = "KEY=VALUE",
      hidden = true)
  Map<String, String> legacyProperties = new LinkedHashMap<>();

  @Option(
      names = "--application-id",
      description =
          "Kafka Streams application.id (default: " + ProcessorConfig.DEFAULT_APPLICATION_ID + ").")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory.")
  Path stateDir;

  @Option(
      names = "--instance-id",
      paramLabel = "ID",
      description = {
        "Static group membership (group.instance.id): a processor restarted within the session timeout (30 s)",
        "takes its tasks back at once, without a rebalance. Default: <application.id>-<host>-<hash of the state",
        "directory>, the same on every restart with that state directory. 'none': dynamic membership.",
        "A group.instance.id property is used when this option is absent."
      })
  String instanceId;

  @Option(
      names = "--partitions",
      description =
          "Partitions of topics the processor creates (default: "
              + ProcessorConfig.DEFAULT_TOPIC_PARTITIONS
              + ").")
  Integer partitions;

  @Option(
      names = "--replication-factor",
      description = "Replication factor of created topics (default: broker's).")
  Integer replicationFactor;

  @Option(
      names = "--create-topics",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Create missing topics (default: ${DEFAULT-VALUE}); --no-create-topics fails instead.")
  boolean createTopics;

  @Option(
      names = "--live-counts",
      description = "Also publish live (updating) counts to " + "logpipe.topic.status-counts-live.")
  boolean liveCounts;

  @Mixin MetricsPortOption metrics;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ProcessorConfig config;
    try {
      config = ProcessorConfig.from(effectiveProperties());
    } catch (ConfigException | IOException e) {
      err.println("process: " + e.getMessage());
      return 2;
    }
    Monitoring monitoring;
    try {
      monitoring = metrics.start();
    } catch (IOException e) {
      err.println("process: " + metrics.cannotServe(e));
      return ExitCodes.USAGE;
    }
    // Served from here on: /readyz says the processor waits for Kafka until Streams runs.
    AtomicReference<StreamProcessor> running = new AtomicReference<>();
    monitoring
        .health()
        .register(
            "processor",
            () -> {
              StreamProcessor p = running.get();
              return p != null
                  ? p.status()
                  : StageStatus.notReady("connecting to Kafka at " + config.bootstrapServers());
            });
    MetricsPortOption.servingLine(monitoring).ifPresent(log::info);
    try {
      kafka.awaitBroker(config.bootstrapServers(), config.kafkaProperties());
    } catch (BrokerUnreachableException e) {
      err.println("process: " + e.getMessage());
      monitoring.close();
      return ExitCodes.FAILED;
    } catch (IllegalArgumentException e) {
      err.println("process: " + e.getMessage());
      monitoring.close();
      return ExitCodes.USAGE;
    }
    StreamProcessor processor;
    try {
      processor = StreamProcessor.start(config, monitoring.registry());
      running.set(processor);
      String member = config.kafkaProperties().get(GROUP_INSTANCE_ID);
      log.info(
          "Group membership: {}",
          member == null ? "dynamic" : "static, group.instance.id=" + member);
    } catch (MissingTopicsException | ConfigException e) {
      err.println("process: " + e.getMessage());
      monitoring.close();
      return 2;
    } catch (RuntimeException e) {
      err.println("process: cannot start: " + causes(e));
      log.debug("Start failure", e);
      monitoring.close();
      return isBadClientConfig(e) ? 2 : 1;
    }
    return runUntilStopped(processor, monitoring);
  }

  private int runUntilStopped(StreamProcessor processor, Monitoring monitoring)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              processor.close();
              stopped.countDown();
            },
            "logpipe-processor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ProgressReporter progress =
        new ProgressReporter(
            processor, System.console() != null ? spec.commandLine().getOut() : null, LOG_INTERVAL);
    try {
      while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
        progress.tick();
        if (processor.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR
            || processor.state() == org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING) {
          log.error("Kafka Streams stopped unexpectedly ({})", processor.state());
          processor.close();
          Runtime.getRuntime().removeShutdownHook(hook);
          return 1;
        }
      }
      return 0;
    } finally {
      progress.finish();
      monitoring.close();
    }
  }

  /**
   * The messages of {@code e} and its causes, so that a wrapper's "Failed to create ..." names the
   * reason.
   */
  static String causes(Throwable e) {
    return ExceptionUtils.getThrowableList(e).stream()
        .map(t -> t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName())
        .distinct()
        .collect(java.util.stream.Collectors.joining(": "));
  }

  /** Whether a Kafka client refused a property (an invalid configuration, exit code 2). */
  static boolean isBadClientConfig(Throwable e) {
    return ExceptionUtils.indexOfType(e, org.apache.kafka.common.config.ConfigException.class) >= 0;
  }

  /**
   * The properties files, then the KEY=VALUE flags (old spellings first), then the dedicated
   * options.
   */
  Map<String, String> effectiveProperties() throws IOException {
    Map<String, String> m =
        new HashMap<>(
            streams.load(ClientProperties.merge("--config", legacyConfigFile, legacyProperties)));
    m.put(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers(m.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)));
    if (applicationId != null) {
      m.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    }
    if (stateDir != null) {
      m.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    }
    String member =
        instanceId != null
            ? instanceId
            : m.getOrDefault(
                GROUP_INSTANCE_ID,
                InstanceIds.derive(
                    m.getOrDefault(
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        ProcessorConfig.DEFAULT_APPLICATION_ID),
                    Path.of(m.getOrDefault(StreamsConfig.STATE_DIR_CONFIG, DEFAULT_STATE_DIR))));
    if (member.equals(InstanceIds.NONE)) {
      m.remove(GROUP_INSTANCE_ID);
    } else {
      m.put(GROUP_INSTANCE_ID, member);
    }
    if (partitions != null) {
      m.put(ProcessorConfig.TOPIC_PARTITIONS, partitions.toString());
    }
    if (replicationFactor != null) {
      m.put(ProcessorConfig.TOPIC_REPLICATION, replicationFactor.toString());
    }
    if (!createTopics) {
      m.put(ProcessorConfig.CREATE_TOPICS, "false");
    }
    if (liveCounts) {
      m.put(ProcessorConfig.LIVE_COUNTS_ENABLED, "true");
    }
    return m;
  }
}
