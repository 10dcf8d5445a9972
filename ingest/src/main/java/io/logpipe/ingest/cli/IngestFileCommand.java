package io.logpipe.ingest.cli;

import io.logpipe.commandline.CommandConventions;
import io.logpipe.commandline.DurationConverter;
import io.logpipe.commandline.ExitCodes;
import io.logpipe.ingest.file.FileReaderConfig;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import io.logpipe.metrics.MetricsPortOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ingest-file}: log files into Kafka. Usable on its own or as a subcommand of another
 * command.
 */
@Command(
    name = "ingest-file",
    description = {
      "Produces the lines of access-log files to Kafka, one record per line, bytes unchanged.",
      "JSON lines, Apache/Nginx combined or common lines, plain or gzip. Each record carries a 'source' header"
          + " (the file as named here) and, with --host, a 'host' header."
    },
    exitCodeList = {
      "0:every line acknowledged",
      ExitCodes.BROKER_LINE,
      ExitCodes.USAGE_LINE,
      ExitCodes.INPUT_LINE,
      "4:oversize lines were not sent",
      ExitCodes.SIGNAL_LINE
    },
    footer = {
      "  # follow an Nginx log across rotations:",
      "  logpipe ingest-file -b localhost:9092 --host shop.myapp.com \\",
      "      --follow /var/log/nginx/access.log",
      "",
      "--follow guarantees at least once, no line skipped (lines after the last",
      "checkpoint may be sent again after a crash)."
    })
public final class IngestFileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommandConventions conventions;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Files to read (plain or .gz); a directory stands for its files in name order.")
  List<Path> files;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description =
          "Virtual host that served these files (for formats without one), sent as the 'host' header.")
  String host;

  @Option(
      names = {"-f", "--follow"},
      description =
          "Keep reading as files grow, like tail -F: survives rotation and truncation, resumes from a"
              + " state file after a restart. Runs until Ctrl-C.")
  boolean follow;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where --follow keeps its positions (.<file>.logpipe-state); default: next to each file.")
  Path stateDir;

  @Option(
      names = "--poll-interval",
      defaultValue = "250ms",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often --follow checks files when idle (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Mixin KafkaOptions kafka;

  @Mixin MetricsPortOption metrics;

  /** The reader configuration these options describe. */
  FileReaderConfig readerConfig() {
    return FileReaderConfig.builder(files)
        .host(host)
        .follow(follow)
        .stateDir(stateDir)
        .pollInterval(pollInterval)
        .build();
  }

  @Override
  public Integer call() {
    IngestRun run;
    try {
      run = IngestRun.files(readerConfig(), kafka.toSettings());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return IngestSummary.EXIT_USAGE;
    }
    return RunDriver.execute(
        run, metrics, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
