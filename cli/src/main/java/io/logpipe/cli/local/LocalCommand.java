package io.logpipe.cli.local;

import io.logpipe.commandline.CommandConventions;
import io.logpipe.commandline.DurationConverter;
import io.logpipe.commandline.ExitCodes;
import io.logpipe.ingest.cli.InstantConverter;
import io.logpipe.metrics.MetricsPortOption;
import io.logpipe.metrics.Monitoring;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code logpipe local}: runs the whole pipeline on this machine and reconciles every count. */
@Command(
    name = "local",
    description = {
      "Runs the whole pipeline on this machine and reconciles every count.",
      "An in-process Kafka broker (KRaft; or a cluster, --brokers), the stream processor and the",
      "HDFS sink in this JVM, ingest feeding them, then the Spark analytics job in its own JVM. When everything",
      "has drained it prints a reconciliation (lines in = curated + rejected = rows in the lake, ...) and the KPIs."
    },
    exitCodeList = {
      "0:everything reconciled",
      "1:a mismatch, a stage failed, the lake is unusable, or nothing was curated for analytics",
      ExitCodes.USAGE_LINE,
      ExitCodes.INPUT_LINE,
      "130:stopped by Ctrl-C (not reconciled)"
    },
    footer = {
      "  # 1,000,000 generated events over 6 simulated hours:",
      "  ./logpipe local",
      "  # a smaller run into an in-process HDFS:",
      "  ./logpipe local --events 200000 --hdfs",
      "  # watch it at http://127.0.0.1:8501/ while it runs, and after it until Ctrl-C:",
      "  ./logpipe local --rate 2000 --duration 10m --dashboard",
      "  # the sink's Iceberg table instead of hourly files:",
      "  ./logpipe local --table-format iceberg --events 200000",
      "  # a 3-node Kafka cluster, 6 partitions shared by 2 processors and 2 sinks:",
      "  ./logpipe local --brokers 3 --partitions 6 --processors 2 --sinks 2",
      "  # real Apache/Nginx logs:",
      "  ./logpipe local --input access.log --host www.example.org",
      "  # every stage's metrics on one endpoint, http://127.0.0.1:9400/metrics:",
      "  ./logpipe local --keep-running --metrics-port 9400"
    })
public final class LocalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommandConventions conventions;

  @Option(
      names = "--events",
      description = "Generated events (default: 1,000,000 unless --duration).")
  Long events;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Generate for this long instead of a fixed count, e.g. 2m.")
  Duration duration;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Events per second to send; 0 = as fast as possible (default).")
  double rate;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed: same seed, same lines (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      converter = InstantConverter.class,
      description = "Event time of the first generated event (default: yesterday 00:00 UTC).")
  Instant start;

  @Option(
      names = "--span",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "6h",
      description =
          "Event-time span the generated events are spread over (default: ${DEFAULT-VALUE}).")
  Duration span;

  @Option(
      names = "--late-fraction",
      defaultValue = "0.05",
      description =
          "Share of generated events that arrive late, some beyond the window grace (default: ${DEFAULT-VALUE}).")
  double lateFraction;

  @Option(
      names = "--invalid-fraction",
      defaultValue = "0.03",
      description = "Share of generated lines that are malformed (default: ${DEFAULT-VALUE}).")
  double invalidFraction;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      arity = "1..*",
      description =
          "Real log files (JSON lines or Apache/Nginx combined/common, plain or .gz) instead of the generator.")
  List<Path> inputs = new ArrayList<>();

  @Option(
      names = "--host",
      description = "Virtual host that served the --input files (their lines do not name one).")
  String host;

  @Option(
      names = "--lake",
      defaultValue = "./datalake",
      description =
          "Lake directory (default: ${DEFAULT-VALUE}). A previous local run's lake there is replaced.")
  Path lake;

  @Option(
      names = "--hdfs",
      description = "Write the lake into an in-process HDFS (MiniDFSCluster) instead of --lake.")
  boolean hdfs;

  @Option(
      names = "--partitions",
      defaultValue = "1",
      description = {
        "Partitions per topic (default: ${DEFAULT-VALUE}). At the generator's simulated speed (hours of event time",
        "per second) several partitions drift apart in event time, so most events would reach their window after",
        "it closed: still curated and reconciled, but counted as late rather than in the window."
      })
  int partitions;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description = {
        "KRaft nodes of the in-process Kafka cluster, 1 to 9 (default: ${DEFAULT-VALUE}). Each is a broker and a",
        "controller with its own ports and log directory; from 3 on every topic has 3 replicas and min ISR 2."
      })
  int brokers;

  @Option(
      names = "--processors",
      paramLabel = "K",
      defaultValue = "1",
      description = {
        "Stream-processor instances in this JVM, 1 to 16 (default: ${DEFAULT-VALUE}): one application id, so they",
        "share the partitions as processes of their own would. The end of the run lists which owns which."
      })
  int processors;

  @Option(
      names = "--sinks",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "HDFS-sink instances in this JVM sharing the partitions, 1 to 16 (default: ${DEFAULT-VALUE}).")
  int sinks;

  @Option(names = "--no-analytics", negatable = false, description = "Skip the Spark job.")
  boolean noAnalytics;

  @Option(
      names = "--keep-running",
      description = {
        "After the run, keep the broker, the processor and the sink up until",
        "Ctrl-C (prints the broker's address): more traffic, e.g. `logpipe produce -b ADDRESS`, flows through."
      })
  boolean keepRunning;

  @Option(
      names = "--dashboard",
      description = {
        "Serve the dashboard beside the run (prints its URL) and keep",
        "everything up after it until Ctrl-C, as --keep-running."
      })
  boolean dashboard;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8501",
      description = "Port of --dashboard (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int dashboardPort;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = {
        "Address --dashboard listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every",
        "interface). The broker and the other servers of a local run always stay on loopback."
      })
  String bind;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "5m",
      description = {
        "How long to wait for the stages to catch up after ingest ends, and then again (at least 60 s)",
        "for the last hours' _SUCCESS (default: ${DEFAULT-VALUE}). The analytics JVM is stopped after 30 min."
      })
  Duration drainTimeout;

  @Option(
      names = "--table-format",
      paramLabel = "file|iceberg",
      defaultValue = "file",
      description = {
        "How the sink stores curated events (default: ${DEFAULT-VALUE}): file = hourly Parquet files with",
        "_SUCCESS (<lake>/curated/dt=/hour=); iceberg = the sink's Apache Iceberg table <lake>/curated",
        "(sink --format iceberg, Hadoop catalog on the lake): the reconciliation counts the table's rows and",
        "the Spark job reads the table (analytics --table curated). Not with --keep-running or --dashboard."
      })
  String tableFormat;

  /** One endpoint for the broker, the processor, the sink, ingest and the dashboard of the run. */
  @Mixin MetricsPortOption metrics;

  @Override
  public Integer call() throws Exception {
    LocalOptions options = options();
    PrintWriter out = spec.commandLine().getOut();
    Monitoring monitoring;
    try {
      monitoring = metrics.start();
    } catch (IOException e) {
      spec.commandLine().getErr().println("logpipe local: " + metrics.cannotServe(e));
      return ExitCodes.USAGE;
    }
    try (monitoring) {
      monitoring
          .endpoint()
          .ifPresent(e -> out.println("Metrics: " + e.url() + " (also /healthz, /readyz)"));
      return run(options, monitoring, out);
    }
  }

  private int run(LocalOptions options, Monitoring monitoring, PrintWriter out) {
    LocalPipeline pipeline = new LocalPipeline(options, monitoring, out, System.console() != null);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              pipeline.requestStop();
              try {
                // Let the stages shut down cleanly before the JVM exits (not a join: main may then
                // block in System.exit).
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "logpipe-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      LocalResult result = pipeline.run();
      return result.exitCode();
    } catch (Exception e) {
      // One line for the user; the stack trace goes to the log for whoever debugs.
      LoggerFactory.getLogger(LocalCommand.class).debug("logpipe local failed", e);
      spec.commandLine().getErr().println("logpipe local: " + describe(e));
      return 1;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for us.
      }
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  LocalOptions options() {
    if (events != null && duration != null) {
      throw new ParameterException(
          spec.commandLine(), "--events and --duration are mutually exclusive");
    }
    if (events != null && events <= 0) {
      throw new ParameterException(spec.commandLine(), "--events must be > 0");
    }
    if (dashboardPort < 0 || dashboardPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--dashboard-port must be between 0 and 65535, got " + dashboardPort);
    }
    if (partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be >= 1");
    }
    if (brokers < 1 || brokers > 9) {
      throw new ParameterException(
          spec.commandLine(), "--brokers must be between 1 and 9, got " + brokers);
    }
    if (processors < 1 || processors > 16) {
      throw new ParameterException(
          spec.commandLine(), "--processors must be between 1 and 16, got " + processors);
    }
    if (sinks < 1 || sinks > 16) {
      throw new ParameterException(
          spec.commandLine(), "--sinks must be between 1 and 16, got " + sinks);
    }
    // Checked here, before anything starts, so that a typo costs no broker start-up and leaves no
    // lake behind.
    if (!(rate >= 0)) {
      throw new ParameterException(
          spec.commandLine(),
          "--rate must be >= 0 events/s (0 = as fast as possible), got " + rate);
    }
    if (!(lateFraction >= 0 && lateFraction <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--late-fraction must be between 0 and 1, got " + lateFraction);
    }
    if (!(invalidFraction >= 0 && invalidFraction <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--invalid-fraction must be between 0 and 1, got " + invalidFraction);
    }
    if (span.isNegative() || span.isZero()) {
      throw new ParameterException(spec.commandLine(), "--span must be > 0, got " + span);
    }
    if (drainTimeout.isNegative() || drainTimeout.isZero()) {
      throw new ParameterException(
          spec.commandLine(), "--drain-timeout must be > 0, got " + drainTimeout);
    }
    if (lake.toString().matches("[A-Za-z][A-Za-z0-9+.-]+:/.*")) {
      throw new ParameterException(
          spec.commandLine(),
          "--lake takes a local directory, not a URI ("
              + lake
              + "); --hdfs writes into an in-process HDFS, and `logpipe sink --lake` writes into any Hadoop file system");
    }
    if (!inputs.isEmpty() && (events != null || duration != null)) {
      throw new ParameterException(
          spec.commandLine(), "--input reads files; --events and --duration are for the generator");
    }
    for (Path input : inputs) {
      if (!java.nio.file.Files.isReadable(input)) {
        throw new ParameterException(
            spec.commandLine(), "--input " + input + ": no such readable file");
      }
    }
    LakeFormat format;
    try {
      format = LakeFormat.parse(tableFormat);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (format == LakeFormat.ICEBERG && (keepRunning || dashboard)) {
      throw new ParameterException(
          spec.commandLine(),
          "--table-format iceberg does not go with --keep-running or --dashboard yet: the dashboard"
              + " and the kept stages read the file lake");
    }
    Instant first =
        start != null
            ? start
            : LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Long count = duration == null && events == null ? Long.valueOf(1_000_000L) : events;
    return new LocalOptions(
        count,
        duration,
        rate,
        seed,
        first,
        span,
        lateFraction,
        invalidFraction,
        inputs,
        host,
        lake,
        hdfs,
        partitions,
        brokers,
        processors,
        sinks,
        !noAnalytics,
        keepRunning || dashboard,
        dashboard ? Integer.valueOf(dashboardPort) : null,
        bind,
        drainTimeout,
        format);
  }
}
