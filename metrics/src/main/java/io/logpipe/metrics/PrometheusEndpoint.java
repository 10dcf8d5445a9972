package io.logpipe.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves a registry's Prometheus text format on {@code http://host:port/metrics}, and a {@link
 * StageHealth}'s liveness on {@code /healthz} and readiness on {@code /readyz} (200 or 503, plain
 * text naming each stage), with the JDK's HTTP server, for every long-running command's {@code
 * --metrics-port} and {@code --metrics-bind}. Loopback unless told otherwise: a trial run exposes
 * nothing to the network; a deployment that scrapes from elsewhere says so ({@code 0.0.0.0}). Only
 * GET and HEAD are answered.
 */
public final class PrometheusEndpoint implements AutoCloseable {

  /** The Prometheus text exposition format's content type. */
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final String TEXT = "text/plain; charset=utf-8";

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

  /**
   * Starts serving on {@code port} (0 picks a free one) on {@link #DEFAULT_BIND}, with no stage
   * registered (live, not ready).
   */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, int port)
      throws IOException {
    return start(registry, DEFAULT_BIND, port);
  }

  /**
   * Starts serving on {@code bind:port} (0 picks a free port), with no stage registered; {@code
   * bind} is an address or host name of this machine, {@code 0.0.0.0} for every interface.
   */
  public static PrometheusEndpoint start(PrometheusMeterRegistry registry, String bind, int port)
      throws IOException {
    return start(registry, new StageHealth(), bind, port);
  }

  /**
   * Starts serving {@code registry} and {@code health} on {@code bind:port} (0 picks a free port).
   *
   * @throws UnknownHostException when {@code bind} does not resolve
   * @throws IOException when the port cannot be bound
   */
  public static PrometheusEndpoint start(
      PrometheusMeterRegistry registry, StageHealth health, String bind, int port)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(bind, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException("unknown bind address " + bind);
    }
    HttpServer server = HttpServer.create(address, 0);
    server.createContext(
        "/metrics", exchange -> answer(exchange, 200, METRICS_CONTENT_TYPE, registry::scrape));
    server.createContext("/healthz", exchange -> report(exchange, health::liveness));
    server.createContext("/readyz", exchange -> report(exchange, health::readiness));
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

  private static void report(HttpExchange exchange, Supplier<StageHealth.Report> check)
      throws IOException {
    StageHealth.Report report = check.get();
    answer(exchange, report.ok() ? 200 : 503, TEXT, report::render);
  }

  private static void answer(
      HttpExchange exchange, int status, String contentType, Supplier<String> body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
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
