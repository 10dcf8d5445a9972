package io.logpipe.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The stages a process runs and how to ask each for its {@link StageStatus}: the answers behind
 * {@code /healthz} (live while every stage is) and {@code /readyz} (ready when there is a stage and
 * every stage is ready). A process with several stages in one JVM ({@code logpipe local}) registers
 * each; a stage that ends normally closes its registration rather than reporting itself down. Bound
 * to a registry, each stage is also the gauges {@code logpipe_stage_live{stage}} and {@code
 * logpipe_stage_ready{stage}} (1 or 0), so that Prometheus can alert on them. Thread-safe.
 */
public final class StageHealth {

  /** Registered probes by stage name, in registration order. */
  private final Map<String, Supplier<StageStatus>> probes =
      Collections.synchronizedMap(new LinkedHashMap<>());

  private final Map<String, List<Meter>> meters = new LinkedHashMap<>();
  private MeterRegistry registry;
  private final LongSupplier nanoTime;

  /** Stages to come, none yet. */
  public StageHealth() {
    this(System::nanoTime);
  }

  /** With the clock the gauges' answers age by, for tests. */
  StageHealth(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A stage's place in the health report; closing it removes the stage. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Adds {@code stage}, asked through {@code probe} at every request (keep it cheap and
   * non-blocking). A probe that throws reports the stage down.
   *
   * @throws IllegalStateException when a stage of that name is registered already
   */
  public Registration register(String stage, Supplier<StageStatus> probe) {
    synchronized (probes) {
      if (probes.putIfAbsent(stage, probe) != null) {
        throw new IllegalStateException("stage " + stage + " is registered already");
      }
      if (registry != null) {
        bindStage(registry, stage);
      }
    }
    return () -> remove(stage, probe);
  }

  private void remove(String stage, Supplier<StageStatus> probe) {
    synchronized (probes) {
      if (probes.remove(stage, probe)) {
        List<Meter> gone = meters.remove(stage);
        if (gone != null && registry != null) {
          gone.forEach(registry::remove);
        }
      }
    }
  }

  /**
   * Publishes {@code logpipe_stage_live} and {@code logpipe_stage_ready} per stage on {@code
   * registry}, now and for stages registered later.
   */
  public void bindTo(MeterRegistry registry) {
    synchronized (probes) {
      this.registry = registry;
      for (String stage : probes.keySet()) {
        bindStage(registry, stage);
      }
    }
  }

  private void bindStage(MeterRegistry registry, String stage) {
    List<Meter> stageMeters = new ArrayList<>(2);
    // Both gauges of a scrape read one answer of the probe: some probes walk a client's metrics.
    ScrapedStatus scraped = new ScrapedStatus(() -> status(stage), nanoTime);
    stageMeters.add(
        Gauge.builder("logpipe.stage.live", scraped, g -> g.get().live() ? 1 : 0)
            .strongReference(true) // nothing else holds it
            .tag("stage", stage)
            .description("1 while the stage is alive, 0 once it stopped or failed")
            .register(registry));
    stageMeters.add(
        Gauge.builder("logpipe.stage.ready", scraped, g -> g.get().ready() ? 1 : 0)
            .strongReference(true)
            .tag("stage", stage)
            .description("1 while the stage is connected and working")
            .register(registry));
    meters.put(stage, stageMeters);
  }

  /** The status of one stage now; down when it is not registered (any more). */
  public StageStatus status(String stage) {
    Supplier<StageStatus> probe = probes.get(stage);
    return probe == null ? StageStatus.down("not running") : ask(probe);
  }

  /** Live unless some stage is down (a process without stages is live: it answers). */
  public Report liveness() {
    Map<String, StageStatus> now = snapshot();
    return new Report(now.values().stream().allMatch(StageStatus::live), now);
  }

  /** Ready when at least one stage runs and every stage is ready. */
  public Report readiness() {
    Map<String, StageStatus> now = snapshot();
    return new Report(!now.isEmpty() && now.values().stream().allMatch(StageStatus::ready), now);
  }

  private Map<String, StageStatus> snapshot() {
    Map<String, Supplier<StageStatus>> copy;
    synchronized (probes) {
      copy = new LinkedHashMap<>(probes);
    }
    Map<String, StageStatus> now = new LinkedHashMap<>();
    copy.forEach((stage, probe) -> now.put(stage, ask(probe)));
    return now;
  }

  /**
   * A stage's status as its gauges read it: the probe is asked again only when the last answer is
   * older than {@link #FRESH_NANOS}, so that one scrape asks it once, not once per gauge.
   */
  private static final class ScrapedStatus {
    static final long FRESH_NANOS = 50_000_000L; // a scrape reads all gauges in a few ms

    private final Supplier<StageStatus> probe;
    private final LongSupplier nanoTime;
    private StageStatus last;
    private long askedAt;

    ScrapedStatus(Supplier<StageStatus> probe, LongSupplier nanoTime) {
      this.probe = probe;
      this.nanoTime = nanoTime;
    }

    synchronized StageStatus get() {
      long now = nanoTime.getAsLong();
      if (last == null || now - askedAt > FRESH_NANOS) {
        last = probe.get();
        askedAt = now;
      }
      return last;
    }
  }

  private static StageStatus ask(Supplier<StageStatus> probe) {
    try {
      StageStatus s = probe.get();
      return s != null ? s : StageStatus.down("no status");
    } catch (RuntimeException e) {
      return StageStatus.down("status failed: " + e);
    }
  }

  /**
   * One answer of {@code /healthz} or {@code /readyz}.
   *
   * @param ok whether the check passes (HTTP 200, else 503)
   * @param stages every stage's status at that moment
   */
  public record Report(boolean ok, Map<String, StageStatus> stages) {

    public Report {
      stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    }

    /**
     * Plain text: {@code ok} or {@code failing}, then one line per stage, e.g. {@code processor:
     * ready (RUNNING)}.
     */
    public String render() {
      StringBuilder b = new StringBuilder(ok ? "ok" : "failing").append('\n');
      if (stages.isEmpty()) {
        b.append("no stage is running\n");
      }
      stages.forEach(
          (stage, s) ->
              b.append(stage)
                  .append(": ")
                  .append(s.ready() ? "ready" : s.live() ? "not ready" : "down")
                  .append(" (")
                  .append(s.detail())
                  .append(")\n"));
      return b.toString();
    }
  }
}
