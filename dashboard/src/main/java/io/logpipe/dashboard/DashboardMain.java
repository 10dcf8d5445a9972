package io.logpipe.dashboard;

import picocli.CommandLine;

/** Entry point of the shaded jar: {@code java -jar logpipe-dashboard-<version>-all.jar --help}. */
public final class DashboardMain {

  private DashboardMain() {}

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new DashboardCommand()).setCommandName("logpipe dashboard").execute(args));
  }
}
