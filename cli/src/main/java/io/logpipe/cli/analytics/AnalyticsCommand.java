package io.logpipe.cli.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code logpipe analytics ARGS…}: runs {@code BatchAnalytics} locally in its own JVM; every
 * argument is the job's. On a cluster, {@code spark-submit} the analytics jar instead (see
 * analytics/README.md).
 */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = false,
    description = {
      "Run the Spark batch job (BatchAnalytics) in local mode, in its own JVM.",
      "All arguments go to the job; `logpipe analytics --help` shows them."
    })
public final class AnalyticsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Everything after {@code analytics}, passed through untouched (options included). */
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    AnalyticsLauncher launcher = AnalyticsLauncher.forHome(AnalyticsLauncher.locateHome());
    try {
      return launcher.run(args);
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println("analytics: " + e.getMessage());
      return 1;
    }
  }
}
