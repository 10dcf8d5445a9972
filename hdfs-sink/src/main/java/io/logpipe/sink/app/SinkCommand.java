package io.logpipe.sink.app;

import io.logpipe.commandline.BrokerUnreachableException;
import io.logpipe.commandline.CommandConventions;
import io.logpipe.commandline.ConsumerProperties;
import io.logpipe.commandline.DurationConverter;
import io.logpipe.commandline.ExitCodes;
import io.logpipe.commandline.InstanceIds;
import io.logpipe.commandline.KafkaConnection;
import io.logpipe.commandline.TopicOption;
import io.logpipe.metrics.MetricsPortOption;
import io.logpipe.metrics.Monitoring;
import io.logpipe.metrics.StageStatus;
import io.logpipe.schemas.Topics;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.SinkCounters;
import io.logpipe.sink.iceberg.IcebergSink;
import io.logpipe.sink.iceberg.IcebergTarget;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sink}: runs the HDFS sink until interrupted (Ctrl-C / SIGTERM publish what is held, then
 * the JVM exits). Usable on its own ({@link HdfsSinkMain}) or as a subcommand of another picocli
 * command.
 */
@Command(
    name = "sink",
    description =
        "Reads LogEvents from Kafka and writes them exactly once as hourly Parquet files into "
            + "<lake>/curated/dt=YYYY-MM-DD/hour=HH/ on any Hadoop FileSystem (hdfs://, file://).",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 1,
    exitCodeList = {
      ExitCodes.BROKER_LINE + " (the sink stopped: lake unusable, retries exhausted)",
      ExitCodes.USAGE_LINE,
      "143/130:stopped cleanly by SIGTERM / Ctrl-C (what was held is published)"
    },
    footer = {
      "  logpipe sink -b kafka:9092 --lake hdfs://namenode:8020/datalake/logs \\",
      "      --rotate-age 5m --metrics-port 9401"
    })
public final class SinkCommand implements Callable<Integer> {

  @Mixin CommandConventions conventions;

  @Mixin KafkaConnection kafka;

  @Option(
      names = "--lake",
      required = true,
      paramLabel = "URI",
      description = "Lake root, e.g. hdfs://namenode:8020/datalake/logs or file:///data/lake.")
  URI lake;

  /** The topic of LogEvents. */
  @Mixin TopicOption topic = new TopicOption(Topics.CURATED);

  @Option(
      names = "--group-id",
      defaultValue = SinkConfig.DEFAULT_GROUP_ID,
      description = "Consumer group id (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--instance-id",
      paramLabel = "ID",
      description = {
        "Static group membership (group.instance.id): a sink restarted within the session timeout (30 s) takes its",
        "partitions back at once, without a rebalance. Default: <group-id>-<host>-<hash of the working directory>,",
        "the same on every restart from that directory; sinks sharing a host and a directory need their own ids.",
        "'none': dynamic membership. A -C group.instance.id=... is used when this option is absent."
      })
  String instanceId;

  @Option(
      names = "--zone",
      defaultValue = "UTC",
      description = "Time zone of the dt=/hour= directories (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(
      names = "--codec",
      defaultValue = "SNAPPY",
      description = "Parquet compression: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SinkConfig.Codec codec;

  @Option(
      names = "--rotate-records",
      defaultValue = "" + SinkConfig.DEFAULT_ROTATE_RECORDS,
      description =
          "Commit a partition's files after this many records (default: ${DEFAULT-VALUE}).")
  long rotateRecords;

  @Option(
      names = "--rotate-bytes",
      defaultValue = "" + SinkConfig.DEFAULT_ROTATE_BYTES,
      description = "... or once they hold this many bytes (default: ${DEFAULT-VALUE}).")
  long rotateBytes;

  @Option(
      names = "--rotate-age",
      defaultValue = "10m",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "... or once they are this old, also without traffic (default: ${DEFAULT-VALUE}).")
  Duration rotateAge;

  @Option(
      names = "--allowed-lateness",
      defaultValue = "15m",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Write _SUCCESS once the watermark is this far past an hour's end (default: ${DEFAULT-VALUE}).")
  Duration allowedLateness;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "A partition silent this long lets the watermark advance with the clock (default: the rotate age).")
  Duration idleTimeout;

  @Option(
      names = "--max-open-writers",
      defaultValue = "" + SinkConfig.DEFAULT_MAX_OPEN_WRITERS,
      description =
          "Cap on open Parquet writers; the oldest batch is committed early (default: ${DEFAULT-VALUE}).")
  int maxOpenWriters;

  @Option(
      names = "--row-group-bytes",
      defaultValue = "" + SinkConfig.DEFAULT_ROW_GROUP_BYTES,
      description =
          "Parquet row-group size, the most one writer buffers (default: ${DEFAULT-VALUE}).")
  int rowGroupBytes;

  @Option(
      names = "--worker-threads",
      paramLabel = "N",
      description =
          "Threads encoding Parquet rows while the polling thread reads the next records; 0: it does "
              + "that work itself (default: one per core beyond the first, at most 3).")
  Integer workerThreads;

  @Option(
      names = "--max-retry-time",
      defaultValue = "5m",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long transient lake errors are retried before stopping (default: ${DEFAULT-VALUE}).")
  Duration maxRetryTime;

  @Mixin ConsumerProperties consumer;

  /** Old spelling of -X, kept for one release. */
  @Option(names = "-C", paramLabel = "KEY=VALUE", hidden = true)
  Map<String, String> legacyConsumerProperties = new LinkedHashMap<>();

  @Option(
      names = "--hadoop-conf",
      paramLabel = "DIR",
      description =
          "Directory with core-site.xml/hdfs-site.xml (default: $HADOOP_CONF_DIR if set).")
  File hadoopConf;

  @Mixin MetricsPortOption metrics;

  @Option(
      names = "--format",
      defaultValue = "file",
      paramLabel = "FORMAT",
      converter = SinkFormat.Converter.class,
      description = {
        "file: hourly Parquet files under <lake>/curated/ (the default); iceberg: an Apache Iceberg table",
        "(exactly once through the Kafka offsets its snapshots carry; object stores such as s3a:// only here)."
      })
  SinkFormat format = SinkFormat.FILE;

  @Option(
      names = "--table",
      defaultValue = IcebergTarget.DEFAULT_TABLE,
      paramLabel = "NAME",
      description =
          "Iceberg mode: the table, NAME or NAMESPACE.NAME (default: ${DEFAULT-VALUE}, i.e. <lake>/curated/).")
  String table;

  @Option(
      names = "--catalog-uri",
      paramLabel = "URI",
      description =
          "Iceberg mode: a REST catalog's http(s):// URI or a JDBC catalog's jdbc: URL, e.g."
              + " jdbc:sqlite:/var/lib/logpipe/catalog.db (default: none, a Hadoop catalog on the"
              + " lake's file system; object stores need one of the two).")
  URI catalogUri;

  @Option(
      names = "--catalog-property",
      paramLabel = "KEY=VALUE",
      description =
          "Iceberg mode: a catalog property (repeatable), e.g. credentials of a REST catalog,"
              + " s3.endpoint=http://host:9000, s3.access-key-id=..., s3.secret-access-key=...,"
              + " s3.path-style-access=true, client.region=us-east-1.")
  Map<String, String> catalogProperties = new LinkedHashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A table or catalog option given to the file mode would be ignored: say so instead. */
  private void refuseIcebergOptionsInFileMode() {
    if (format != SinkFormat.FILE) {
      return;
    }
    List<String> given =
        Stream.of("--table", "--catalog-uri", "--catalog-property")
            .filter(o -> spec.commandLine().getParseResult().hasMatchedOption(o))
            .toList();
    if (!given.isEmpty()) {
      throw new IllegalArgumentException(
          String.join(", ", given) + " only apply to --format iceberg (the format is file)");
    }
  }

  @Override
  public Integer call() throws Exception {
    SinkConfig config;
    Configuration conf;
    IcebergTarget target;
    try {
      refuseIcebergOptionsInFileMode();
      config = config();
      conf = HadoopConfLoader.load(hadoopConf);
      target = new IcebergTarget(table, catalogUri, catalogProperties);
    } catch (IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("Invalid configuration: " + e.getMessage());
      return 2;
    }
    Monitoring monitoring;
    try {
      monitoring = metrics.start();
    } catch (IOException e) {
      spec.commandLine().getErr().println("sink: " + metrics.cannotServe(e));
      return 2;
    }
    MetricsPortOption.servingLine(monitoring).ifPresent(spec.commandLine().getErr()::println);
    AtomicReference<RunningSink> running = new AtomicReference<>();
    monitoring
        .health()
        .register(
            "sink",
            () -> {
              RunningSink s = running.get();
              return s != null ? s.status() : StageStatus.notReady("starting");
            });
    RunningSink sink;
    try {
      sink =
          format == SinkFormat.ICEBERG
              ? IcebergSink.start(config, target, conf, monitoring.registry())
              : HdfsSink.start(config, conf, monitoring.registry());
      running.set(sink);
    } catch (IllegalArgumentException | org.apache.kafka.common.KafkaException e) {
      spec.commandLine().getErr().println("Cannot start the sink: " + causes(e));
      monitoring.close();
      // The lake URI and the consumer properties are configuration: exit 2 as for any invalid
      // setting.
      return e instanceof IllegalArgumentException || hasConfigCause(e) ? 2 : 1;
    }
    // After the start, which checks the lake and the consumer settings without Kafka: those stay
    // exit code 2.
    try {
      kafka.awaitBroker(config.bootstrapServers(), config.consumerProperties());
    } catch (BrokerUnreachableException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("sink: " + e.getMessage());
      sink.close();
      monitoring.close();
      return e instanceof BrokerUnreachableException ? ExitCodes.FAILED : ExitCodes.USAGE;
    }
    // Said once Kafka answered, so that a dead broker stays a one-line failure.
    String member = config.consumerProperties().get(GROUP_INSTANCE_ID);
    spec.commandLine()
        .getErr()
        .println(
            member == null
                ? "Group membership: dynamic"
                : "Group membership: static, group.instance.id=" + member);
    Thread hook = new Thread(sink::close, "logpipe-hdfs-sink-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean terminal = System.console() != null;
    long started = System.nanoTime();
    boolean warnedUnassigned = false;
    try {
      while (!sink.awaitTermination(Duration.ofSeconds(1))) {
        String unassigned =
            warnedUnassigned
                ? null
                : unassignedWarning(sink.counters(), Duration.ofNanos(System.nanoTime() - started));
        if (unassigned != null) {
          warnedUnassigned =
              true; // the consumer keeps trying; a user watching a silent sink needs to know why
          spec.commandLine().getErr().printf("%n%s%n", unassigned);
        }
        if (terminal) {
          SinkCounters c = sink.counters();
          spec.commandLine()
              .getOut()
              .printf(
                  "\rrows written %,d  committed %,d  files %,d  open writers %d  hours complete %d ",
                  c.rowsWritten(),
                  c.rowsCommitted(),
                  c.filesCommitted(),
                  c.openWriters(),
                  c.hoursCompleted());
          spec.commandLine().getOut().flush();
        }
      }
    } finally {
      monitoring.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is what stopped the sink
    }
    if (sink.failure().isPresent()) {
      spec.commandLine().getErr().println("The sink stopped: " + sink.failure().get().getMessage());
      return 1;
    }
    return 0;
  }

  SinkConfig config() throws IOException {
    Map<String, String> consumerProperties = consumer.load(legacyConsumerProperties);
    String member =
        instanceId != null
            ? instanceId
            : consumerProperties.getOrDefault(
                GROUP_INSTANCE_ID, InstanceIds.derive(groupId, Path.of("")));
    if (member.equals(InstanceIds.NONE)) {
      consumerProperties.remove(GROUP_INSTANCE_ID);
    } else {
      consumerProperties.put(GROUP_INSTANCE_ID, member);
    }
    SinkConfig.Builder builder = SinkConfig.builder(kafka.bootstrapServers(), lake);
    if (workerThreads != null) {
      builder.workerThreads(workerThreads);
    }
    return builder
        .topic(topic.topic())
        .groupId(groupId)
        .zone(zone)
        .codec(codec)
        .rotateRecords(rotateRecords)
        .rotateBytes(rotateBytes)
        .rotateAge(rotateAge)
        .allowedLateness(allowedLateness)
        .idleTimeout(idleTimeout)
        .maxOpenWriters(maxOpenWriters)
        .rowGroupBytes(rowGroupBytes)
        .maxRetryTime(maxRetryTime)
        .consumerProperties(consumerProperties)
        .build();
  }

  private static final String GROUP_INSTANCE_ID =
      org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG;

  /** How long the sink may run without any partition before it says so. */
  static final Duration UNASSIGNED_WARNING = Duration.ofSeconds(30);

  /**
   * What to tell the user when the sink has run {@code elapsed} without any partition; null while
   * all is well.
   */
  String unassignedWarning(SinkCounters counters, Duration elapsed) {
    if (counters.assignedPartitions() > 0 || elapsed.compareTo(UNASSIGNED_WARNING) < 0) {
      return null;
    }
    return "No partition of "
        + topic.topic()
        + " assigned after "
        + elapsed.toSeconds()
        + " s: is Kafka reachable at "
        + kafka.bootstrapServers()
        + " and does the topic exist? Still trying (Ctrl-C to stop).";
  }

  /** The messages of {@code e} and its causes, so that a wrapper's message names the reason. */
  static String causes(Throwable e) {
    return org.apache.commons.lang3.exception.ExceptionUtils.getThrowableList(e).stream()
        .map(t -> t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName())
        .distinct()
        .collect(java.util.stream.Collectors.joining(": "));
  }

  private static boolean hasConfigCause(Throwable e) {
    return org.apache.commons.lang3.exception.ExceptionUtils.indexOfType(
            e, org.apache.kafka.common.config.ConfigException.class)
        >= 0;
  }
}
