package io.logpipe.ingest.bench;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.ingest.generator.GeneratedLine;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.TrafficGenerator;
import io.logpipe.ingest.produce.DeliveryCounters;
import io.logpipe.ingest.produce.LineProducer;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.run.IngestRun;
import io.logpipe.ingest.run.IngestSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Events per second from the traffic generator to an in-process broker, next to a ceiling measured
 * in the same JVM and broker: the same producer (wrapper and settings) sending pre-built byte
 * arrays (the generator's own lines, built before the clock starts), so the only difference is the
 * cost of generating and pacing lines.
 *
 * <p>Run: {@code ./mvnw -B -pl ingest test-compile exec:exec@bench} (see README.md). Arguments:
 * {@code [events] [rounds] [partitions]}, default 1,000,000 5 3. Prints figures; asserts nothing.
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    GeneratorConfig config =
        GeneratorConfig.builder()
            .events(events)
            .seed(42)
            .start(Instant.parse("2026-11-20T00:00:00Z"))
            .span(Duration.ofHours(6))
            .build();

    List<byte[]> prebuilt = new ArrayList<>(events);
    long totalBytes = 0;
    for (GeneratedLine line : TrafficGenerator.lines(config).toList()) {
      prebuilt.add(line.bytes());
      totalBytes += line.bytes().length;
    }
    // The generator on its own (second pass, lines not retained): its share of the cost per event.
    long t0 = System.nanoTime();
    long checksum = 0;
    for (TrafficGenerator g = new TrafficGenerator(config); g.hasNext(); ) {
      checksum += g.next().bytes().length;
    }
    double generateOnly = events / ((System.nanoTime() - t0) / 1e9);
    if (checksum != totalBytes) {
      throw new IllegalStateException(
          "generator not deterministic: " + checksum + " != " + totalBytes);
    }
    System.out.printf(
        Locale.ROOT,
        "lines: %,d, mean %.0f bytes; generator alone (no Kafka): %,.0f lines/s%n",
        events,
        totalBytes / (double) events,
        generateOnly);

    List<Double> ceiling = new ArrayList<>();
    List<Double> generator = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT and the broker up
        String ceilingTopic = "bench-ceiling-" + round;
        String generatorTopic = "bench-generator-" + round;
        kafka.createTopic(ceilingTopic, partitions);
        kafka.createTopic(generatorTopic, partitions);
        ProducerSettings ceilingSettings =
            ProducerSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(ceilingTopic)
                .build();
        ProducerSettings generatorSettings =
            ProducerSettings.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(generatorTopic)
                .build();
        // Alternate which side goes first, so that a background load spike does not always hit the
        // same one.
        double c = 0;
        IngestSummary s;
        if (round % 2 == 1) {
          c = sendPrebuilt(ceilingSettings, prebuilt);
          s = runGenerator(config, generatorSettings);
        } else {
          s = runGenerator(config, generatorSettings);
          c = sendPrebuilt(ceilingSettings, prebuilt);
        }
        if (s.acknowledged() != events) {
          throw new IllegalStateException(
              "generator run incomplete: " + s.render() + " " + s.error());
        }
        double g = s.acknowledgedPerSecond();
        System.out.printf(
            Locale.ROOT,
            "%s %d: ceiling %,.0f events/s, generator %,.0f events/s (%.0f%%)%n",
            round == 0 ? "warm-up" : "round",
            round,
            c,
            g,
            100 * g / c);
        if (round > 0) {
          ceiling.add(c);
          generator.add(g);
          ratios.add(g / c);
        }
      }
    }
    double bestCeiling = ceiling.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double bestGenerator = generator.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "RESULT events=%,d partitions=%d lz4 acks=all idempotent, %d rounds:"
            + " generator median %,.0f (best %,.0f) events/s; ceiling median %,.0f (best %,.0f) events/s;"
            + " median of per-round ratios %.0f%%, ratio of bests %.0f%%%n",
        events,
        partitions,
        rounds,
        median(generator),
        bestGenerator,
        median(ceiling),
        bestCeiling,
        100 * median(ratios),
        100 * bestGenerator / bestCeiling);
  }

  private static IngestSummary runGenerator(GeneratorConfig config, ProducerSettings settings) {
    IngestRun run = IngestRun.generator(config, settings);
    run.run();
    return run.summary();
  }

  /**
   * The ceiling: the same producer wrapper and settings (topic check, counters, callbacks, flush)
   * sending the ready-made byte arrays, so the difference to a generator run is the cost of
   * generating lines.
   */
  private static double sendPrebuilt(ProducerSettings settings, List<byte[]> lines) {
    long t0 = System.nanoTime();
    DeliveryCounters counters = new DeliveryCounters();
    try (LineProducer producer = new LineProducer(settings, counters)) {
      producer.checkTopic();
      long n = 0;
      for (byte[] line : lines) {
        producer.send(line, null, null, "prebuilt", ++n);
      }
      producer.flush();
    }
    if (counters.acknowledged() != lines.size()) {
      throw new IllegalStateException(
          "ceiling run incomplete: " + counters.acknowledged() + " acknowledged");
    }
    return lines.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
