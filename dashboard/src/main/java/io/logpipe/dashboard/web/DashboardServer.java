package io.logpipe.dashboard.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.logpipe.dashboard.DashboardConfig;
import io.logpipe.dashboard.batch.AnalyticsTables;
import io.logpipe.dashboard.batch.BatchView;
import io.logpipe.dashboard.lake.LakeScanner;
import io.logpipe.dashboard.live.LiveCollector;
import io.logpipe.dashboard.live.LiveSnapshot;
import io.logpipe.metrics.Monitoring;
import io.logpipe.metrics.PrometheusEndpoint;
import io.logpipe.metrics.StageHealth;
import io.logpipe.metrics.StageStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * The dashboard: the page, its scripts and charts (from the jar, no CDN), the read-only JSON
 * endpoints and the event stream, and, given a {@link Monitoring}, its {@code /metrics}, {@code
 * /healthz} and {@code /readyz} on the same port. Every endpoint answers GET only; nothing writes
 * to Kafka or to the lake.
 */
public final class DashboardServer implements AutoCloseable {

  /** Where the page's own files live on the classpath. */
  static final String WEB_ROOT = "/io/logpipe/dashboard/web";

  private final DashboardConfig config;
  private final LakeScanner lake;
  private final AnalyticsTables batch;
  private final LiveCollector collector;
  private final SnapshotStream stream = new SnapshotStream();
  private final Javalin app;

  private DashboardServer(DashboardConfig config, Configuration hadoop, Monitoring monitoring)
      throws IOException {
    this.config = config;
    this.lake = new LakeScanner(config.lake(), hadoop);
    this.batch = new AnalyticsTables(config.lake(), hadoop);
    this.collector = new LiveCollector(config, lake, () -> batch.read().runAt(), Clock.systemUTC());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = config.bind();
              cfg.jetty.port = config.port();
              cfg.jsonMapper(new JavalinJackson(JsonViews.mapper(), false));
              cfg.staticFiles.enableWebjars();
              cfg.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = WEB_ROOT;
                    files.location = Location.CLASSPATH;
                    files.headers = securityHeaders();
                  });
              cfg.routes.before(DashboardServer::secure);
              cfg.routes.get("/api/live", ctx -> live(ctx, s -> s));
              cfg.routes.get("/api/broker", ctx -> live(ctx, LiveSnapshot::broker));
              cfg.routes.get("/api/status-counts", ctx -> live(ctx, LiveSnapshot::statusCounts));
              cfg.routes.get("/api/rates", ctx -> live(ctx, LiveSnapshot::rates));
              cfg.routes.get("/api/rejects", ctx -> live(ctx, LiveSnapshot::rejects));
              cfg.routes.get("/api/lag", ctx -> live(ctx, LiveSnapshot::lag));
              cfg.routes.get("/api/lake", ctx -> live(ctx, LiveSnapshot::lake));
              cfg.routes.get("/api/owners", ctx -> live(ctx, LiveSnapshot::owners));
              cfg.routes.get("/api/batch", ctx -> ctx.json(batch.read()));
              cfg.routes.sse("/api/stream", stream::connect);
              if (monitoring != null) {
                cfg.routes.get(
                    "/metrics",
                    ctx ->
                        ctx.contentType(PrometheusEndpoint.METRICS_CONTENT_TYPE)
                            .result(monitoring.registry().scrape()));
                cfg.routes.get("/healthz", ctx -> report(ctx, monitoring.health().liveness()));
                cfg.routes.get("/readyz", ctx -> report(ctx, monitoring.health().readiness()));
              }
            });
    collector.addListener(stream::publish);
  }

  /**
   * Starts collecting and serving.
   *
   * @throws IOException when the lake's file system cannot be opened (e.g. an unknown scheme)
   */
  public static DashboardServer start(DashboardConfig config, Configuration hadoop)
      throws IOException {
    return start(config, hadoop, null);
  }

  /**
   * Starts collecting and serving, with {@code monitoring}'s registry on {@code /metrics} and its
   * health on {@code /healthz} and {@code /readyz} (none of them when null).
   *
   * @throws IOException when the lake's file system cannot be opened (e.g. an unknown scheme)
   */
  public static DashboardServer start(
      DashboardConfig config, Configuration hadoop, Monitoring monitoring) throws IOException {
    DashboardServer server = new DashboardServer(config, hadoop, monitoring);
    try {
      server.app.start();
    } catch (RuntimeException e) {
      server.close(); // the Kafka clients and file systems opened for it must not outlive a failed
      // start
      throw e;
    }
    server.collector.start();
    return server;
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8501/}. */
  public URI url() {
    String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
    if ("0.0.0.0".equals(host)) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + host + ":" + app.port() + "/");
  }

  public int port() {
    return app.port();
  }

  /**
   * Liveness and readiness: ready once the first snapshot is collected and while the broker
   * answers.
   */
  public StageStatus status() {
    LiveSnapshot s = collector.latest();
    if (s == null) {
      return StageStatus.notReady("collecting the first snapshot");
    }
    if (!s.broker().reachable()) {
      return StageStatus.notReady("Kafka does not answer: " + s.broker().problem());
    }
    return StageStatus.ready("Kafka answers");
  }

  private static void report(Context ctx, StageHealth.Report report) {
    ctx.status(report.ok() ? 200 : 503)
        .contentType("text/plain; charset=utf-8")
        .result(report.render());
  }

  /** The newest live snapshot (null before the first). */
  public LiveSnapshot latest() {
    return collector.latest();
  }

  /** The batch view as {@code /api/batch} serves it. */
  public BatchView batch() {
    return batch.read();
  }

  private void live(Context ctx, Function<LiveSnapshot, Object> part) {
    LiveSnapshot s = collector.latest();
    if (s == null) {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
          .json(Map.of("problem", "the first snapshot is being collected"));
    } else {
      ctx.json(part.apply(s));
    }
  }

  private static Map<String, String> securityHeaders() {
    // Log data is attacker-controlled: the page only ever inserts it as text, and this policy
    // forbids inline scripts, so a line that slipped through as markup still could not run.
    return Map.of(
        "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "no-referrer");
  }

  private static void secure(Context ctx) {
    securityHeaders().forEach(ctx::header);
  }

  @Override
  public void close() {
    collector.close();
    stream.closeAll();
    app.stop();
    try {
      lake.close();
      batch.close();
    } catch (IOException ignored) {
      // closing file system clients: nothing left to do
    }
  }
}
