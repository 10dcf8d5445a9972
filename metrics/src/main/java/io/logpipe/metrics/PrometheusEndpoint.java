package io.logpipe.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a registry's Prometheus text format on {@code http://host:port/metrics} with the JDK's
 * HTTP server, for every stage application's {@code --metrics-port} and {@code --metrics-bind}.
 * Loopback unless told otherwise: a trial run exposes nothing to the network; a deployment that
 * scrapes from elsewhere says so ({@code 0.0.0.0}).
 */
public final class PrometheusEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final String bind;

  private PrometheusEndpoint(HttpServer server, ExecutorService executor, String bind) {
    this.server = server;
    this.executor = executor;
    this.bind = bind;
  }

  /** The address {@code --metrics-bind} defaults to. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** Starts serving on {@code port} (0 picks a free one) on {@link #DEFAULT_BIND}. */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, int port)
      throws IOException {
    return start(registry, DEFAULT_BIND, port);
  }

  /**
   * Starts serving on {@code bind:port} (0 picks a free port); {@code bind} is an address or host
   * name of this machine, {@code 0.0.0.0} for every interface.
   */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, String bind, int port)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(bind, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException("unknown bind address " + bind);
    }
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "prometheus-endpoint");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new PrometheusEndpoint(server, executor, bind);
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * {@code http://bind:port/metrics}, with the bind address as given (the JDK shows 0.0.0.0 as
   * [::]).
   */
  public String url() {
    return "http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port() + "/metrics";
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // HttpServer.stop leaves a caller-supplied executor running
  }
}
