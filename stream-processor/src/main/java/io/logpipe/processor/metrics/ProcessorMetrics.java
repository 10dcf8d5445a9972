package io.logpipe.processor.metrics;

import io.logpipe.metrics.StageMeters;
import io.logpipe.schemas.RejectReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The processor's own counters, shared by the topology's processors and exception handlers and
 * readable from any thread. They count work done, including work a crash later rolls back under
 * exactly-once, so after a restart they can exceed what the output topics hold; the topics are the
 * source of truth.
 *
 * <p>Bound to Micrometer as {@code logpipe.processor.lines.in}, {@code logpipe.processor.curated},
 * {@code logpipe.processor.rejected{reason=...}} and {@code logpipe.processor.late.events}
 * (Prometheus: {@code logpipe_processor_lines_in_total}, ...).
 */
public final class ProcessorMetrics implements MeterBinder {

  private final LongAdder linesIn = new LongAdder();
  private final LongAdder curated = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

  public ProcessorMetrics() {
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, new LongAdder());
    }
  }

  /** A raw record entered the parser. */
  public void lineIn() {
    linesIn.increment();
  }

  /** An event was sent to the curated topic. */
  public void curated() {
    curated.increment();
  }

  /** A record was dead-lettered or dropped for {@code reason}. */
  public void rejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  /** {@code n} events arrived after their window closed: curated, but not counted. */
  public void lateEvents(long n) {
    late.add(n);
  }

  /** Raw records read. */
  public long linesIn() {
    return linesIn.sum();
  }

  /** Events curated. */
  public long curatedCount() {
    return curated.sum();
  }

  /** Records rejected for one reason. */
  public long rejectedCount(RejectReason reason) {
    return rejected.get(reason).sum();
  }

  /** Records rejected for any reason. */
  public long rejectedTotal() {
    long n = 0;
    for (LongAdder a : rejected.values()) {
      n += a.sum();
    }
    return n;
  }

  /** Events later than the grace period. */
  public long lateEvents() {
    return late.sum();
  }

  /** Rejections per reason, reasons with none left out. */
  public Map<RejectReason, Long> rejectedByReason() {
    Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
    rejected.forEach(
        (r, a) -> {
          long n = a.sum();
          if (n > 0) {
            m.put(r, n);
          }
        });
    return m;
  }

  /**
   * Registers the counters, replacing an earlier processor's on the same registry ({@code logpipe
   * local} starts its processor again after the run; a registry hands back an existing meter of the
   * same name and tags, which would keep counting the closed one).
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    StageMeters.removeEarlier(registry, "logpipe.processor.");
    FunctionCounter.builder("logpipe.processor.lines.in", linesIn, LongAdder::sum)
        .description("Raw lines read from the raw topic")
        .register(registry);
    FunctionCounter.builder("logpipe.processor.curated", curated, LongAdder::sum)
        .description("Events written to the curated topic")
        .register(registry);
    FunctionCounter.builder("logpipe.processor.late.events", late, LongAdder::sum)
        .description("Events later than the window grace period (curated, not counted)")
        .register(registry);
    rejected.forEach(
        (reason, adder) ->
            FunctionCounter.builder("logpipe.processor.rejected", adder, LongAdder::sum)
                .tag("reason", reason.name())
                .description("Records dead-lettered, by reason")
                .register(registry));
  }

  @Override
  public String toString() {
    return "lines in "
        + linesIn()
        + ", curated "
        + curatedCount()
        + ", rejected "
        + rejectedTotal()
        + (rejectedTotal() > 0 ? " " + rejectedByReason() : "")
        + ", late "
        + lateEvents();
  }
}
