package io.logpipe.sink.support;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.testkit.PacedLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Curated events sent in the background at about 1,500 a second until stopped, so that sinks are
 * killed and restarted mid-stream; their lineage keys are kept for the exactly-once check.
 */
public final class Traffic implements AutoCloseable {

  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");
  private static final int PER_STEP = 150;

  private final List<String> produced = Collections.synchronizedList(new ArrayList<>());
  private final EventProducer producer;
  private final PacedLoop loop;
  private long nextId;

  private Traffic(
      EmbeddedKafka kafka, String topic, int partitions, long total, double lateFraction) {
    producer = new EventProducer(kafka.bootstrapServers(), topic, partitions);
    loop =
        PacedLoop.start(
            "traffic-" + topic,
            Duration.ofMillis(100),
            () -> {
              produced.addAll(
                  producer.send(nextId, PER_STEP, total, START, Duration.ofHours(3), lateFraction));
              nextId += PER_STEP;
            });
  }

  /**
   * Starts sending to {@code topic}: event times over three hours as if {@code total} events were
   * sent in all, {@code lateFraction} of them late.
   */
  public static Traffic start(
      EmbeddedKafka kafka, String topic, int partitions, long total, double lateFraction) {
    return new Traffic(kafka, topic, partitions, total, lateFraction);
  }

  /** Lineage keys of the events sent so far. */
  public List<String> produced() {
    return produced;
  }

  /** Stops sending (the last batch completes). */
  public void stop() throws InterruptedException {
    loop.stop();
  }

  @Override
  public void close() throws InterruptedException {
    try (producer) {
      loop.stop();
    }
  }
}
