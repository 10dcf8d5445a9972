package io.logpipe.analytics;

import io.logpipe.metrics.Monitoring;
import io.logpipe.metrics.PrometheusEndpoint;
import io.logpipe.metrics.StageHealth;
import io.logpipe.metrics.StageStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code --watch} tells Prometheus and {@code /readyz}: passes by outcome, hours computed, how
 * long a refresh took, when the tables were last refreshed and what they cover. The stage is ready
 * once a poll of the lake has succeeded and while the latest one did; a lake with no complete hour
 * yet, or a failing pass, makes it not ready (still live: the next poll retries).
 */
final class WatchMetrics implements AutoCloseable {

  static final String STAGE = "analytics";

  private final Monitoring monitoring;
  private final Counter refreshed;
  private final Counter idle;
  private final Counter waiting;
  private final Counter failed;
  private final Counter hoursComputed;
  private final Timer refreshTime;
  private final AtomicLong lastRefreshEpochMillis = new AtomicLong();
  private final AtomicLong periodHours = new AtomicLong();
  private final AtomicLong periodRequests = new AtomicLong();
  private final AtomicReference<StageStatus> status =
      new AtomicReference<>(StageStatus.notReady("starting: the lake not polled yet"));
  private final StageHealth.Registration stage;

  WatchMetrics(Monitoring monitoring) {
    this.monitoring = monitoring;
    MeterRegistry registry = monitoring.registry();
    refreshed = passes(registry, "refreshed");
    idle = passes(registry, "idle");
    waiting = passes(registry, "waiting");
    failed = passes(registry, "failed");
    hoursComputed =
        Counter.builder("logpipe.analytics.hours.computed")
            .description("Hours whose partials --watch computed (again, for late rows)")
            .register(registry);
    refreshTime =
        Timer.builder("logpipe.analytics.refresh")
            .description("From the lake listing to refreshed tables and report, per refresh")
            .register(registry);
    Gauge.builder(
            "logpipe.analytics.last.refresh.timestamp", lastRefreshEpochMillis, v -> v.get() / 1e3)
        .description("When the tables were last refreshed (0: not yet)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("logpipe.analytics.period.hours", periodHours, AtomicLong::get)
        .description("Complete hours the refreshed tables cover")
        .register(registry);
    Gauge.builder("logpipe.analytics.period.requests", periodRequests, AtomicLong::get)
        .description("Requests the refreshed tables count")
        .register(registry);
    stage = monitoring.health().register(STAGE, status::get);
  }

  private static Counter passes(MeterRegistry registry, String outcome) {
    return Counter.builder("logpipe.analytics.polls")
        .description(
            "Polls of the lake by outcome: refreshed the tables, idle (nothing new), waiting"
                + " (no complete hour yet), failed")
        .tag("outcome", outcome)
        .register(registry);
  }

  void refreshed(int hours, long requests, int hoursInPeriod, Duration took, long nowMillis) {
    refreshed.increment();
    hoursComputed.increment(hours);
    refreshTime.record(took);
    lastRefreshEpochMillis.set(nowMillis);
    periodHours.set(hoursInPeriod);
    periodRequests.set(requests);
    status.set(StageStatus.ready("tables refreshed, " + hoursInPeriod + " hour(s)"));
  }

  void idle() {
    idle.increment();
    status.set(StageStatus.ready("up to date"));
  }

  void waiting(String why) {
    waiting.increment();
    status.set(StageStatus.notReady("waiting: " + why));
  }

  void failed(String why) {
    failed.increment();
    status.set(StageStatus.notReady("failing: " + why));
  }

  /** The endpoint's {@code /metrics} address, when served. */
  Optional<String> url() {
    return monitoring.endpoint().map(PrometheusEndpoint::url);
  }

  /** Leaves {@code /readyz} and stops serving; closing again does nothing. */
  @Override
  public void close() {
    stage.close();
    monitoring.close();
  }
}
