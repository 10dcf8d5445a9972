package io.logpipe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StageHealthTest {

  @Test
  void readyOnlyWithAStageAndEveryStageReady() {
    StageHealth health = new StageHealth();
    assertThat(health.readiness().ok()).as("nothing runs yet").isFalse();
    assertThat(health.liveness().ok()).as("but the process answers").isTrue();
    assertThat(health.readiness().render()).contains("no stage is running");

    AtomicReference<StageStatus> sink = new AtomicReference<>(StageStatus.notReady("joining"));
    health.register("processor", () -> StageStatus.ready("RUNNING"));
    StageHealth.Registration sinkStage = health.register("sink", sink::get);
    assertThat(health.readiness().ok()).isFalse();
    assertThat(health.readiness().render())
        .isEqualTo("failing\nprocessor: ready (RUNNING)\nsink: not ready (joining)\n");

    sink.set(StageStatus.ready("2 partitions"));
    assertThat(health.readiness().ok()).isTrue();
    assertThat(health.readiness().render()).startsWith("ok\n");

    sink.set(StageStatus.down("lake unusable"));
    assertThat(health.liveness().ok()).isFalse();
    assertThat(health.liveness().render()).contains("sink: down (lake unusable)");

    sinkStage.close();
    assertThat(health.liveness().ok()).isTrue();
    assertThat(health.readiness().stages()).containsOnlyKeys("processor");
  }

  @Test
  void aProbeThatThrowsIsDownAndNamesIsRegisteredOnce() {
    StageHealth health = new StageHealth();
    health.register(
        "ingest",
        () -> {
          throw new IllegalStateException("boom");
        });
    assertThat(health.liveness().ok()).isFalse();
    assertThat(health.status("ingest").detail()).contains("boom");
    assertThat(health.status("nothing").live()).isFalse();
    assertThatThrownBy(() -> health.register("ingest", () -> StageStatus.ready("x")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new StageStatus(false, true, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScrapeAsksEachProbeOnceForBothGauges() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong nanos = new AtomicLong();
    StageHealth health = new StageHealth(nanos::get);
    AtomicInteger asked = new AtomicInteger();
    health.register(
        "processor",
        () -> {
          asked.incrementAndGet();
          return StageStatus.ready("RUNNING");
        });
    health.bindTo(registry);
    registry.forEachMeter(m -> m.measure().forEach(x -> x.getValue()));
    assertThat(asked).hasValue(1);
    nanos.addAndGet(Duration.ofSeconds(15).toNanos());
    registry.forEachMeter(m -> m.measure().forEach(x -> x.getValue()));
    assertThat(asked).as("the next scrape asks again").hasValue(2);
  }

  @Test
  void eachStageIsAGaugePairWhileRegistered() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong nanos = new AtomicLong();
    StageHealth health = new StageHealth(nanos::get);
    health.register("kafka", () -> StageStatus.ready("up"));
    health.bindTo(registry);
    AtomicReference<StageStatus> sink = new AtomicReference<>(StageStatus.notReady("joining"));
    StageHealth.Registration sinkStage = health.register("sink", sink::get);

    assertThat(registry.get("logpipe.stage.ready").tag("stage", "kafka").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("logpipe.stage.ready").tag("stage", "sink").gauge().value())
        .isEqualTo(0.0);
    assertThat(registry.get("logpipe.stage.live").tag("stage", "sink").gauge().value())
        .isEqualTo(1.0);
    sink.set(StageStatus.ready("1 partition"));
    assertThat(registry.get("logpipe.stage.ready").tag("stage", "sink").gauge().value())
        .as("within one scrape the gauges keep the answer they read")
        .isEqualTo(0.0);
    nanos.addAndGet(Duration.ofMillis(51).toNanos());
    assertThat(registry.get("logpipe.stage.ready").tag("stage", "sink").gauge().value())
        .isEqualTo(1.0);
    assertThat(health.status("sink").ready()).as("/readyz asks the probe every time").isTrue();

    sinkStage.close();
    assertThat(registry.find("logpipe.stage.ready").tag("stage", "sink").gauge()).isNull();
    assertThat(registry.find("logpipe.stage.ready").tag("stage", "kafka").gauge()).isNotNull();
  }
}
