package io.logpipe.ingest.run;

import io.logpipe.ingest.produce.DeliveryCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A run's {@link DeliveryCounters} as Micrometer meters: {@code logpipe_ingest_lines_sent_total},
 * {@code _acknowledged_total}, {@code _failed_total}, {@code _oversize_total} and the gauge {@code
 * logpipe_ingest_lines_in_flight}.
 */
final class IngestMeters implements MeterBinder {

  private final DeliveryCounters counters;

  IngestMeters(DeliveryCounters counters) {
    this.counters = counters;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("logpipe.ingest.lines.sent", counters, DeliveryCounters::sent)
        .description("Lines handed to the producer (oversize lines included)")
        .register(registry);
    FunctionCounter.builder(
            "logpipe.ingest.lines.acknowledged", counters, DeliveryCounters::acknowledged)
        .description("Lines the broker acknowledged (written to all in-sync replicas)")
        .register(registry);
    FunctionCounter.builder("logpipe.ingest.lines.failed", counters, DeliveryCounters::failed)
        .description("Lines whose delivery failed")
        .register(registry);
    FunctionCounter.builder("logpipe.ingest.lines.oversize", counters, DeliveryCounters::oversize)
        .description("Lines not sent because they exceed the maximum record size")
        .register(registry);
    Gauge.builder("logpipe.ingest.lines.in.flight", counters, DeliveryCounters::inFlight)
        .description("Lines sent and not yet acknowledged or failed")
        .register(registry);
  }
}
