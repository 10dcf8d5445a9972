package io.logpipe.cli;

import io.logpipe.cli.analytics.AnalyticsCommand;
import io.logpipe.cli.counts.ConsumeCountsCommand;
import io.logpipe.cli.local.LocalCommand;
import io.logpipe.commandline.LogpipeVersion;
import io.logpipe.dashboard.DashboardCommand;
import io.logpipe.ingest.cli.IngestFileCommand;
import io.logpipe.ingest.cli.ProduceCommand;
import io.logpipe.processor.app.ProcessCommand;
import io.logpipe.sink.app.SinkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code logpipe} command: one subcommand per stage, plus {@code local} for the whole pipeline
 * on one machine.
 */
@Command(
    name = "logpipe",
    mixinStandardHelpOptions = true,
    versionProvider = LogpipeVersion.class,
    description = "HTTP access-log pipelines on Kafka, Kafka Streams, HDFS and Spark.",
    subcommands = {
      LocalCommand.class,
      ProduceCommand.class,
      IngestFileCommand.class,
      ProcessCommand.class,
      SinkCommand.class,
      AnalyticsCommand.class,
      ConsumeCountsCommand.class,
      DashboardCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Every subcommand has --help (with examples and exit codes) and -V; the options they share are named",
      "alike everywhere (README: \"Command-line conventions\")."
    })
public final class Logpipe implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A command line for {@code logpipe}, with the settings every entry point shares. */
  public static CommandLine commandLine() {
    return new CommandLine(new Logpipe()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
