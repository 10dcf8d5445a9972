package io.logpipe.metrics;

import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-bind}: where a long-running command serves its
 * Prometheus metrics ({@code /metrics}), liveness ({@code /healthz}) and readiness ({@code
 * /readyz}); off by default, and on loopback unless an address is given (the compose file passes
 * 0.0.0.0 so Prometheus can scrape).
 */
public final class MetricsPortOption {

  /**
   * The address metrics listen on unless {@code --metrics-bind} says otherwise: this machine only.
   */
  public static final String DEFAULT_BIND = "127.0.0.1";

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics on http://ADDRESS:PORT/metrics, liveness on /healthz and"
              + " readiness on /readyz, ADDRESS from --metrics-bind (default: off; 0: any free port).")
  Integer port;

  @Option(
      names = "--metrics-bind",
      paramLabel = "ADDRESS",
      defaultValue = DEFAULT_BIND,
      description =
          "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}, this machine only;"
              + " 0.0.0.0 for every interface).")
  String bind = DEFAULT_BIND;

  /** The port, or null when metrics are off. */
  public Integer port() {
    return port;
  }

  /** The address to listen on. */
  public String bind() {
    return bind;
  }

  /**
   * The command's monitoring: a registry with the JVM's meters, served on {@code --metrics-bind}
   * and {@code --metrics-port} when a port is given.
   *
   * @throws IOException when the address is unknown or the port cannot be bound
   */
  public Monitoring start() throws IOException {
    Monitoring monitoring = Monitoring.create();
    return port == null ? monitoring : monitoring.serve(bind, port);
  }

  /** The one-line reason {@link #start()} failed, for the command's error output. */
  public String cannotServe(IOException e) {
    return "cannot serve metrics on " + bind + ":" + port + ": " + e.getMessage();
  }

  /** The line a command prints once its endpoint serves; empty when metrics are off. */
  public static Optional<String> servingLine(Monitoring monitoring) {
    return monitoring
        .endpoint()
        .map(e -> "Prometheus metrics on " + e.url() + " (also /healthz, /readyz)");
  }
}
