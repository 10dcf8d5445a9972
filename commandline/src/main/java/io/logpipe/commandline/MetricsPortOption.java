package io.logpipe.commandline;

import picocli.CommandLine.Option;

/** {@code --metrics-port}: where a long-running stage serves its Prometheus metrics; off by default. */
public final class MetricsPortOption {

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics (default: off; 0: any free port).")
  Integer port;

  /** The port, or null when metrics are off. */
  public Integer port() {
    return port;
  }
}
