package io.logpipe.ingest.cli;

import io.logpipe.commandline.LogpipeVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the shaded jar: {@code java -jar logpipe-ingest-<version>-all.jar
 * produce|ingest-file …}.
 */
@Command(
    name = "logpipe",
    mixinStandardHelpOptions = true,
    versionProvider = LogpipeVersion.class,
    description = "Moves access-log lines into Kafka (topic logs_raw by default).",
    subcommands = {ProduceCommand.class, IngestFileCommand.class, CommandLine.HelpCommand.class})
public final class IngestMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Exit code of an internal error (a bug or a broken installation), as sysexits' EX_SOFTWARE. */
  static final int EXIT_INTERNAL_ERROR = 70;

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (
        Throwable t) { // an Error escaping picocli: still a message and an exit code, not a hang
      System.err.println("internal error: " + t);
      t.printStackTrace();
      code = EXIT_INTERNAL_ERROR;
    }
    System.exit(code);
  }

  /** The command line with both subcommands, for embedding or tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new IngestMain()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: produce or ingest-file");
  }
}
