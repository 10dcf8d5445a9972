package io.logpipe.dashboard;

import io.logpipe.commandline.BrokerUnreachableException;
import io.logpipe.commandline.CommandConventions;
import io.logpipe.commandline.ConsumerProperties;
import io.logpipe.commandline.ExitCodes;
import io.logpipe.commandline.KafkaConnection;
import io.logpipe.dashboard.web.DashboardServer;
import io.logpipe.metrics.Monitoring;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe dashboard}: serves the live page of a running pipeline and its batch KPIs until
 * Ctrl-C.
 */
@Command(
    name = "dashboard",
    description = {
      "Serves a web page of the running pipeline: per-status counts of the newest",
      "windows, records/s into each topic, dead letters by reason, each stage's",
      "consumer lag, the lake's hours and markers, and the batch KPIs of the newest",
      "analytics run. The page updates itself every second. Every panel has a JSON",
      "endpoint: /api/live, /api/status-counts, /api/rates, /api/rejects, /api/lag,",
      "/api/lake, /api/batch, and /api/stream (server-sent events). The same port",
      "serves Prometheus metrics on /metrics, liveness on /healthz and readiness on",
      "/readyz (ready while the broker answers).",
      "Read only: it joins no consumer group and writes nothing. A broker that does",
      "not answer within --connect-timeout is a warning, not an error: the page",
      "shows the outage and recovers by itself when the broker returns."
    },
    exitCodeList = {
      "0:stopped by Ctrl-C or SIGTERM",
      "1:could not start (port taken, lake file system unknown, unreadable settings)",
      ExitCodes.USAGE_LINE
    },
    footer = {
      "  logpipe dashboard --lake ./datalake",
      "  # on a cluster, reachable from other machines:",
      "  logpipe dashboard -b kafka:9092 --lake hdfs://namenode:8020/datalake/logs \\",
      "      --bind 0.0.0.0"
    })
public final class DashboardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommandConventions conventions;

  @Mixin KafkaConnection kafka;

  @Option(
      names = "--lake",
      defaultValue = "./datalake",
      paramLabel = "URI",
      description =
          "The lake: a Hadoop file system URI or a local directory (default: ${DEFAULT-VALUE}).")
  String lake;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + DashboardConfig.DEFAULT_PORT,
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = DashboardConfig.DEFAULT_BIND,
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every interface).")
  String bind;

  @Option(
      names = "--processor-group",
      paramLabel = "ID",
      defaultValue = DashboardConfig.DEFAULT_PROCESSOR_GROUP,
      description =
          "The stream processor's application.id, whose lag is shown (default: ${DEFAULT-VALUE}).")
  String processorGroup;

  @Option(
      names = "--sink-group",
      paramLabel = "ID",
      defaultValue = DashboardConfig.DEFAULT_SINK_GROUP,
      description = "The HDFS sink's group.id, whose lag is shown (default: ${DEFAULT-VALUE}).")
  String sinkGroup;

  @Mixin ConsumerProperties consumer;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DashboardConfig config;
    Map<String, String> clientProperties;
    try {
      clientProperties = consumer.load();
      config =
          new DashboardConfig(
              kafka.bootstrapServers(),
              lakeUri(lake),
              bind,
              port,
              DashboardConfig.DEFAULT_INTERVAL,
              processorGroup,
              sinkGroup,
              DashboardConfig.DEFAULT_WINDOWS,
              clientProperties);
    } catch (IOException | IllegalArgumentException e) {
      err.println("logpipe dashboard: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    Monitoring monitoring = Monitoring.create();
    DashboardServer server;
    try {
      server = DashboardServer.start(config, new Configuration(), monitoring);
      monitoring.health().register("dashboard", server::status);
    } catch (Exception e) {
      monitoring.close();
      err.println(
          "logpipe dashboard: cannot start on "
              + bind
              + ":"
              + port
              + ": "
              + StartFailure.describe(e));
      return ExitCodes.FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  monitoring.close();
                  stopped.countDown();
                },
                "logpipe-dashboard-shutdown"));
    out.println(
        "dashboard: "
            + server.url()
            + " (broker "
            + config.bootstrapServers()
            + ", lake "
            + config.lake()
            + "); Ctrl-C to stop");
    out.flush();
    try {
      kafka.awaitBroker(config.bootstrapServers(), clientProperties);
    } catch (BrokerUnreachableException e) {
      err.println(
          "logpipe dashboard: WARNING "
              + e.getMessage()
              + "; the page shows the outage until it answers");
      err.flush();
    }
    stopped.await();
    return ExitCodes.OK;
  }

  /** A URI with a scheme as given; anything else is a local directory. */
  static URI lakeUri(String lake) {
    if (lake.matches("[A-Za-z][A-Za-z0-9+.-]+:/.*")) {
      return URI.create(lake);
    }
    return Path.of(lake).toAbsolutePath().normalize().toUri();
  }
}
