package io.logpipe.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;

/**
 * A process's monitoring in one object: a Prometheus registry with the {@link JvmMeters}, the
 * {@link StageHealth} of its stages, and, once {@link #serve served}, the {@link
 * PrometheusEndpoint} ({@code /metrics}, {@code /healthz}, {@code /readyz}). Depends on the JDK and
 * Micrometer only, so that any logpipe program can use it:
 *
 * <pre>{@code
 * try (Monitoring monitoring = Monitoring.create().serve("127.0.0.1", 9403)) {
 *   Counter runs = monitoring.registry().counter("logpipe.analytics.runs");
 *   try (StageHealth.Registration stage =
 *       monitoring.health().register("analytics", () -> StageStatus.ready("watching"))) {
 *     ... work ...
 *   }
 * }
 * }</pre>
 */
public final class Monitoring implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StageHealth health = new StageHealth();
  private final JvmMeters jvm = new JvmMeters();
  private volatile PrometheusEndpoint endpoint;
  private boolean closed;

  private Monitoring() {
    jvm.bindTo(registry);
    health.bindTo(registry);
  }

  /** A registry with the JVM's meters and an empty stage health, not served yet. */
  public static Monitoring create() {
    return new Monitoring();
  }

  /**
   * Serves {@code /metrics}, {@code /healthz} and {@code /readyz} on {@code bind:port} (0 picks a
   * free port); on failure this monitoring is closed.
   *
   * @return this
   * @throws IOException when the address is unknown or the port cannot be bound
   * @throws IllegalStateException when it serves already
   */
  public synchronized Monitoring serve(String bind, int port) throws IOException {
    if (endpoint != null) {
      throw new IllegalStateException("already served on " + endpoint.url());
    }
    try {
      endpoint = PrometheusEndpoint.start(registry, health, bind, port);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** Where meters are registered; {@code registry().scrape()} is what {@code /metrics} serves. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The stages behind {@code /healthz} and {@code /readyz}. */
  public StageHealth health() {
    return health;
  }

  /** The endpoint, once served. */
  public Optional<PrometheusEndpoint> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** Stops serving and releases the JVM meters' listeners; closing again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (endpoint != null) {
      endpoint.close();
    }
    jvm.close();
    registry.close();
  }
}
