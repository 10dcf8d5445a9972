package io.logpipe.cli.local;

import io.logpipe.dashboard.web.DashboardServer;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.metrics.Monitoring;
import io.logpipe.metrics.StageHealth;
import io.logpipe.metrics.StageStatus;
import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.sink.RunningSink;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One endpoint for every in-process stage of {@code logpipe local}: they all register their meters
 * on one registry, and each running stage is a line of {@code /healthz} and {@code /readyz}. The
 * run itself is one more, {@code pipeline}, ready while traffic flows (ingesting, draining, kept
 * running) and not ready while it starts, reconciles or runs the Spark job: then the stages are
 * closed and nothing consumes.
 */
final class LocalMonitoring {

  /** Where a run is. */
  enum Phase {
    STARTING(false),
    RUNNING(true),
    RECONCILING(false),
    ANALYTICS(false),
    KEPT_RUNNING(true),
    STOPPING(false);

    private final boolean flowing;

    Phase(boolean flowing) {
      this.flowing = flowing;
    }
  }

  private final Monitoring monitoring;
  private volatile Phase phase = Phase.STARTING;

  LocalMonitoring(Monitoring monitoring) {
    this.monitoring = monitoring;
    monitoring.health().register("pipeline", this::status);
  }

  private StageStatus status() {
    String name = phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return phase.flowing ? StageStatus.ready(name) : StageStatus.notReady(name);
  }

  /** Moves to {@code now}, unless the run is stopping already (Ctrl-C may come at any point). */
  synchronized void phase(Phase now) {
    if (phase != Phase.STOPPING) {
      phase = now;
    }
  }

  MeterRegistry registry() {
    return monitoring.registry();
  }

  /** The in-process broker: ready from its start on. */
  StageHealth.Registration broker(EmbeddedKafka kafka) {
    String at = "in-process at " + kafka.bootstrapServers();
    return monitoring.health().register("kafka", () -> StageStatus.ready(at));
  }

  /** A processor instance, named {@code processor} when it is the only one. */
  StageHealth.Registration processor(String name, StreamProcessor processor) {
    return monitoring.health().register(name, processor::status);
  }

  /** A sink instance, named {@code sink} when it is the only one. */
  StageHealth.Registration sink(String name, RunningSink sink) {
    return monitoring.health().register(name, sink::status);
  }

  /** The ingest while it runs; its meters stay after it ended, with its final counts. */
  StageHealth.Registration ingest(IngestRun run) {
    run.monitor(monitoring.registry());
    return monitoring.health().register("ingest", run::status);
  }

  StageHealth.Registration dashboard(DashboardServer page) {
    return page == null ? () -> {} : monitoring.health().register("dashboard", page::status);
  }
}
