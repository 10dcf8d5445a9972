package io.logpipe.sink.app;

import picocli.CommandLine;

/** Entry point of the shaded jar: {@code java -jar logpipe-hdfs-sink-<version>-all.jar --help}. */
public final class HdfsSinkMain {

  private HdfsSinkMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new SinkCommand()).setCommandName("logpipe sink").execute(args));
  }
}
