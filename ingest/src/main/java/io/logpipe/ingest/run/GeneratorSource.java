package io.logpipe.ingest.run;

import io.logpipe.ingest.StopSignal;
import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.NanoClock;
import io.logpipe.ingest.generator.RateLimiter;
import io.logpipe.ingest.generator.TrafficGenerator;
import io.logpipe.ingest.produce.LineProducer;

/** Paces the traffic generator's lines into the producer, up to the event count or the duration. */
final class GeneratorSource implements LineSource {

  static final String SOURCE = "generator";

  private final GeneratorConfig config;
  private final NanoClock clock;

  GeneratorSource(GeneratorConfig config, NanoClock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void open() {}

  @Override
  public void sendAll(LineProducer producer, StopSignal stop) {
    TrafficGenerator generator = new TrafficGenerator(config);
    RateLimiter limiter = new RateLimiter(config.rate(), clock);
    long deadline =
        config.duration() == null ? Long.MAX_VALUE : clock.nanoTime() + config.duration().toNanos();
    while (generator.hasNext() && !stop.isStopped() && !producer.failed()) {
      limiter.acquire();
      if (deadline != Long.MAX_VALUE && clock.nanoTime() - deadline >= 0) {
        break;
      }
      GeneratedLine line = generator.next();
      producer.send(line.bytes(), line.host(), null, SOURCE, line.index() + 1);
    }
  }

  @Override
  public String describe() {
    return "generator " + config;
  }
}
