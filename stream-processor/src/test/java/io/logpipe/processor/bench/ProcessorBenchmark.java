package io.logpipe.processor.bench;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.processor.app.StreamProcessor;
import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.parse.LogLineParser;
import io.logpipe.processor.parse.RawLine;
import io.logpipe.processor.testing.MixedLogLines;
import io.logpipe.processor.topology.LogTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Throughput of the stream processor, printed (never asserted):
 *
 * <ol>
 *   <li>the parser alone and the topology in TopologyTestDriver (pure CPU, no broker);
 *   <li>end to end on an in-process broker, exactly-once and at-least-once, beside a ceiling run in
 *       the same process: a plain consumer-to-producer loop copying the same raw bytes on the same
 *       broker.
 * </ol>
 *
 * Each broker run reads the same pre-loaded raw topic (3 partitions) and is timed from its first
 * raw record read until a {@code read_committed} counter has seen every output record (start-up and
 * rebalance excluded). The four broker runs go twice and only the second round counts (the first
 * warms the JIT for all of them). Run with {@code stream-processor/bench.sh}.
 */
public final class ProcessorBenchmark {

  private static final int PARTITIONS = 3;
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  private ProcessorBenchmark() {}

  public static void main(String[] args) throws Exception {
    // 1,000,000 by default: at 200,000 the warm copy loop ran 0.3 s, too short to time on a noisy
    // machine.
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<MixedLogLines.Line> lines =
        MixedLogLines.generate(n, Instant.now().minus(Duration.ofHours(3)), 5_000, 11);
    System.out.printf(
        "logpipe stream-processor benchmark: %,d mixed lines (~3%% invalid), %d cores%n",
        n, Runtime.getRuntime().availableProcessors());

    if (!Boolean.getBoolean("bench.skipCpu")) {
      parserOnly(lines); // warm-up
      Duration parse = parserOnly(lines);
      lastCpuMicrosPerRecord = parse.toNanos() / 1e3 / n; // one thread
      report("parser only (CPU)", n, parse);
      topologyTestDriver(lines.subList(0, Math.min(n, 20_000))); // warm-up
      Duration driver = topologyTestDriver(lines);
      lastCpuMicrosPerRecord = driver.toNanos() / 1e3 / n;
      report("topology in TopologyTestDriver (CPU)", n, driver);
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String raw = "bench_raw";
      kafka.createTopic(raw, PARTITIONS);
      produce(kafka, raw, lines);
      // -Dbench.only=eos|alos: only that processor run, -Dbench.passes=N times (default 2; the last
      // is the warmest).
      String only = System.getProperty("bench.only", "");
      if (!only.isEmpty()) {
        String guarantee = only.equals("eos") ? "exactly_once_v2" : "at_least_once";
        for (int pass = Integer.getInteger("bench.passes", 2); pass > 0; pass--) {
          report("processor end to end, " + guarantee, n, processor(kafka, raw, n, guarantee));
        }
        return;
      }
      // Rounds of the same four runs (two by default); only the last counts, so that every
      // contender runs warm (warming speeds the copy loop up more than the processor: the warm
      // round is the stricter comparison).
      double ceiling = 0;
      double passEos = 0;
      double eos = 0;
      double alos = 0;
      double eosCpu = 0;
      // -Dbench.rounds=N: more warm-up rounds (the JIT keeps compiling for several passes in this
      // large process).
      int rounds = Integer.getInteger("bench.rounds", 2);
      for (int round = 1; round <= rounds; round++) {
        System.out.println(
            round < rounds
                ? "-- round " + round + " (warm-up, not used in the ratios)"
                : "-- round " + round);
        ceiling = report("ceiling: consumer->producer byte copy", n, copyLoop(kafka, raw, n));
        // What Kafka Streams itself costs with the processor's client settings: the same bytes
        // copied by a one-node topology. The gap between it and the copy loop is the framework; the
        // rest is the topology's.
        passEos =
            report(
                "Kafka Streams pass-through, exactly_once_v2",
                n,
                streamsPassThrough(kafka, raw, n, "exactly_once_v2"));
        eos =
            report(
                "processor end to end, exactly_once_v2",
                n,
                processor(kafka, raw, n, "exactly_once_v2"));
        eosCpu = lastCpuMicrosPerRecord;
        alos =
            report(
                "processor end to end, at_least_once",
                n,
                processor(kafka, raw, n, "at_least_once"));
      }
      System.out.printf(
          "exactly_once_v2 / ceiling = %.0f%%, at_least_once / ceiling = %.0f%%%n",
          100 * eos / ceiling, 100 * alos / ceiling);
      System.out.printf(
          "CPU budget: the processor (exactly_once_v2) costs %.1f us of CPU per record (whole process, "
              + "broker included); 60%% of the ceiling (%,.0f records/s) would need %.1f cores, of the %d here%n",
          eosCpu,
          0.6 * ceiling,
          eosCpu * 0.6 * ceiling / 1e6,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "Kafka Streams exactly_once_v2 pass-through / ceiling = %.0f%%; "
              + "processor / pass-through (both exactly_once_v2) = %.0f%%%n",
          100 * passEos / ceiling, 100 * eos / passEos);
    }
  }

  private static long cpuMark = processCpuNanos();

  /**
   * Process CPU per record of the last run, over its timed window (first input to last output), in
   * us.
   */
  private static double lastCpuMicrosPerRecord;

  /** Process CPU time when the current run read its first input. */
  private static final java.util.concurrent.atomic.AtomicLong firstCpu =
      new java.util.concurrent.atomic.AtomicLong();

  private static long wallMark = System.nanoTime();

  private static double report(String what, int n, Duration d) {
    double rate = n / (d.toNanos() / 1e9);
    long cpu = processCpuNanos();
    long wall = System.nanoTime();
    // CPU of the whole process (broker and output counter included) in the timed window, per
    // record; and the cores used since the previous line, set-up included.
    System.out.printf(
        "%-45s %8.2f s %,12.0f records/s  (%.1f us CPU/record; %.2f cores incl. set-up)%n",
        what,
        d.toNanos() / 1e9,
        rate,
        lastCpuMicrosPerRecord,
        (cpu - cpuMark) / (double) (wall - wallMark));
    cpuMark = cpu;
    wallMark = wall;
    return rate;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Duration parserOnly(List<MixedLogLines.Line> lines) {
    LogLineParser parser =
        io.logpipe.processor.testing.SystemClockParser.of(
            64 * 1024, "unknown", java.time.ZoneOffset.UTC);
    long t0 = System.nanoTime();
    long ok = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (parser.parse(new RawLine(lines.get(i).bytes(), null, "raw", 0, i))
          instanceof io.logpipe.processor.parse.ParseOutcome.Parsed) {
        ok++;
      }
    }
    if (ok == 0) {
      throw new IllegalStateException("nothing parsed");
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static Duration topologyTestDriver(List<MixedLogLines.Line> lines) {
    Properties props = ProcessorConfig.defaults().streamsProperties();
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Path.of(System.getProperty("java.io.tmpdir"), "bench-ttd-" + UUID.randomUUID()).toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(LogTopology.build(ProcessorConfig.defaults()), props)) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic("logs_raw", new ByteArraySerializer(), new ByteArraySerializer());
      long t0 = System.nanoTime();
      for (MixedLogLines.Line l : lines) {
        in.pipeInput(l.bytes());
      }
      return Duration.ofNanos(System.nanoTime() - t0);
    }
  }

  private static void produce(EmbeddedKafka kafka, String topic, List<MixedLogLines.Line> lines) {
    try (var producer =
        new KafkaProducer<>(
            producerProps(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < lines.size(); i++) {
        producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, lines.get(i).bytes()));
      }
      producer.flush();
    }
  }

  private static Properties producerProps(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    return p;
  }

  /**
   * The ceiling: the same bytes through a plain consumer and an idempotent producer, no parsing.
   */
  private static Duration copyLoop(EmbeddedKafka kafka, String raw, int n) throws Exception {
    java.util.concurrent.atomic.AtomicLong firstCopied =
        new java.util.concurrent.atomic.AtomicLong();
    String out = "bench_copy_" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(out, PARTITIONS);
    Properties cp = consumerProps(kafka, "copy-" + UUID.randomUUID(), "read_uncommitted");
    Thread copier =
        new Thread(
            () -> {
              try (var consumer =
                      new KafkaConsumer<>(
                          cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                  var producer =
                      new KafkaProducer<>(
                          producerProps(kafka),
                          new ByteArraySerializer(),
                          new ByteArraySerializer())) {
                consumer.subscribe(List.of(raw));
                int copied = 0;
                while (copied < n) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (copied == 0) {
                      firstCopied.set(System.nanoTime());
                      firstCpu.set(processCpuNanos());
                    }
                    producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                    copied++;
                  }
                  consumer.commitAsync();
                }
                producer.flush();
              }
            },
            "copy-loop");
    copier.start();
    Duration d = awaitOutputs(kafka, List.of(out), n, () -> firstCopied.get());
    copier.join();
    return d;
  }

  private static Duration processor(EmbeddedKafka kafka, String raw, int n, String guarantee)
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> o = new HashMap<>();
    o.put("application.id", "bench-" + id);
    o.put("processing.guarantee", guarantee);
    o.put("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "bench-" + id).toString());
    o.put(ProcessorConfig.RAW_TOPIC, raw);
    o.put(ProcessorConfig.CURATED_TOPIC, "curated_" + id);
    o.put(ProcessorConfig.REJECTED_TOPIC, "rejected_" + id);
    o.put(ProcessorConfig.STATUS_COUNTS_TOPIC, "counts_" + id);
    o.put(ProcessorConfig.TOPIC_PARTITIONS, String.valueOf(PARTITIONS));
    // Extra Kafka Streams properties for experiments:
    // -Dbench.props=commit.interval.ms=1000,num.stream.threads=2
    for (String kv : System.getProperty("bench.props", "").split(",")) {
      if (kv.contains("=")) {
        o.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
      }
    }
    try (StreamProcessor p = StreamProcessor.start(kafka.bootstrapServers(), o, null)) {
      java.util.concurrent.atomic.AtomicLong firstRead =
          new java.util.concurrent.atomic.AtomicLong();
      // The stream thread counts lines in; a watcher notes when the first one was read.
      Thread watcher =
          new Thread(
              () -> {
                while (p.metrics().linesIn() == 0 && !Thread.currentThread().isInterrupted()) {
                  java.util.concurrent.locks.LockSupport.parkNanos(
                      200_000); // not a spin: 2 cores, the broker needs one
                }
                firstRead.set(System.nanoTime());
                firstCpu.set(processCpuNanos());
              },
              "first-read-watcher");
      watcher.setDaemon(true);
      watcher.start();
      return awaitOutputs(kafka, List.of("curated_" + id, "rejected_" + id), n, firstRead::get);
    }
  }

  /**
   * A Kafka Streams app that copies the raw bytes to another topic, with the processor's client
   * settings.
   */
  private static Duration streamsPassThrough(
      EmbeddedKafka kafka, String raw, int n, String guarantee) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String out = "pass_" + id;
    kafka.createTopic(out, PARTITIONS);
    Properties props = ProcessorConfig.defaults().streamsProperties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pass-" + id);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        Path.of(System.getProperty("java.io.tmpdir"), "pass-" + id).toString());
    java.util.concurrent.atomic.AtomicLong firstRead = new java.util.concurrent.atomic.AtomicLong();
    org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
    builder.stream(
            raw,
            org.apache.kafka.streams.kstream.Consumed.with(
                org.apache.kafka.common.serialization.Serdes.ByteArray(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()))
        .peek(
            (k, v) -> {
              if (firstRead.compareAndSet(0, System.nanoTime())) {
                firstCpu.set(processCpuNanos());
              }
            })
        .to(
            out,
            org.apache.kafka.streams.kstream.Produced.with(
                org.apache.kafka.common.serialization.Serdes.ByteArray(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()));
    try (org.apache.kafka.streams.KafkaStreams streams =
        new org.apache.kafka.streams.KafkaStreams(builder.build(), props)) {
      streams.start();
      return awaitOutputs(kafka, List.of(out), n, firstRead::get);
    }
  }

  /** Counts output records as a read_committed consumer until all {@code n} are visible. */
  private static Duration awaitOutputs(
      EmbeddedKafka kafka,
      List<String> topics,
      int n,
      java.util.function.LongSupplier firstInputNanos)
      throws InterruptedException {
    Properties cp = consumerProps(kafka, "count-" + UUID.randomUUID(), "read_committed");
    try (var consumer =
        new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (tps.size() < topics.size() * PARTITIONS && System.nanoTime() < end) {
        tps.clear();
        for (String t : topics) {
          consumer
              .partitionsFor(t, Duration.ofSeconds(10))
              .forEach(i -> tps.add(new TopicPartition(t, i.partition())));
        }
        Thread.sleep(20); // topic creation in progress; pacing the metadata poll
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long seen = 0;
      while (seen < n) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException(
              "only " + seen + " of " + n + " outputs within " + DEADLINE);
        }
        seen += consumer.poll(Duration.ofMillis(20)).count();
      }
      long done = System.nanoTime();
      lastCpuMicrosPerRecord = (processCpuNanos() - firstCpu.get()) / 1e3 / n;
      return Duration.ofNanos(done - firstInputNanos.getAsLong());
    }
  }

  private static Properties consumerProps(EmbeddedKafka kafka, String group, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return p;
  }
}
