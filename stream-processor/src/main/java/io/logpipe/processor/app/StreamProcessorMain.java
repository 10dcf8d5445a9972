package io.logpipe.processor.app;

import picocli.CommandLine;

/**
 * Entry point of the shaded jar: {@code java -jar logpipe-stream-processor-<version>-all.jar
 * --help}.
 */
public final class StreamProcessorMain {

  private StreamProcessorMain() {}

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new ProcessCommand()).setCommandName("logpipe process").execute(args));
  }
}
