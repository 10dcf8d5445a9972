package io.logpipe.processor.topology;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.processor.parse.LogLineParser;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The stream processor's topology: the single entry point shared by production and by tests.
 *
 * <pre>
 * raw (bytes) ─► parse ─┬─► outcome sink: curated   (LogEvent, key host, record time = event time)
 *                       │               rejected  (RejectedLine, null key, the raw record's headers)
 *                       └─► partial counts of the curated events per window and status (per raw task, flushed
 *                           every flush interval), then the task's progress (highest event time counted)
 *         ─► repartition by status (progress to every partition) ─► sum per window ─► status counts once
 *            the minimum progress over the raw partitions (idle ones excepted) passes window end + grace
 *            (StatusCount final=true, key {@link StatusCountKey}); late partials counted in the late metric
 *            and written to the late-counts topic (same key and value type)
 *         └► (optional) live counts on every update (final=false)
 * </pre>
 *
 * Node, store and internal-topic names are fixed so that upgrades keep state.
 *
 * <p>In a {@code TopologyTestDriver}, partial counts are forwarded on wall-clock punctuation: call
 * {@code driver.advanceWallClockTime(config.countFlushInterval())} after piping records to see
 * counts move.
 */
public final class LogTopology {

  private LogTopology() {}

  /**
   * Name given to the repartition step of the status counts; Kafka Streams prefixes it with the
   * application id.
   */
  static final String COUNTS_REPARTITION = "by-status";

  /**
   * The internal topic the partial status counts travel on, {@code
   * <application.id>-by-status-repartition}: for tools that judge the processor's progress by its
   * committed offsets on it.
   */
  public static String countsRepartitionTopic(String applicationId) {
    return applicationId + "-" + COUNTS_REPARTITION + "-repartition";
  }

  /** Builds the topology with a private metrics instance (for tests that do not read metrics). */
  public static Topology build(ProcessorConfig config) {
    return build(config, new ProcessorMetrics());
  }

  /**
   * Builds the topology for a raw topic of one partition (as in a TopologyTestDriver); its
   * processors report into {@code metrics}.
   */
  public static Topology build(ProcessorConfig config, ProcessorMetrics metrics) {
    return build(config, metrics, 1);
  }

  /**
   * Builds the topology; its processors report into {@code metrics}.
   *
   * @param rawPartitions partitions of the raw topic: the window counter waits for the progress of
   *     each (or for it to be idle) before closing a window. Partitions added later are known once
   *     they report
   */
  public static Topology build(
      ProcessorConfig config, ProcessorMetrics metrics, int rawPartitions) {
    LogLineParser parser =
        new LogLineParser(
            config.maxLineBytes(),
            config.defaultHost(),
            config.zone(),
            config.maxFuture(),
            config.clock());
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, SpecificRecord> parsed =
        builder.stream(
                config.rawTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-lines"))
            .process(() -> new ParseProcessor(parser, metrics, config.clock()), Named.as("parse"));

    // One sink for both outcomes, its topic chosen by the value's type: a branch and a cast per
    // record cost more than the routing (each node a record passes through is measurable at these
    // rates).
    String curatedTopic = config.curatedTopic();
    String rejectedTopic = config.rejectedTopic();
    parsed.to(
        (key, value, context) -> value instanceof LogEvent ? curatedTopic : rejectedTopic,
        Produced.with(Serdes.String(), ParseOutcomeSerde.create()).withName("outcome-sink"));

    // Status counts in two stages: per raw task, partial counts per window and status flushed on a
    // wall-clock interval, then the task's progress; after repartitioning those by status (progress
    // to every partition), their sum per window, emitted once the slowest raw partition's progress
    // closes the window.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PartialCounter.STORE), Serdes.Long(), Serdes.Long())
            .withCachingEnabled());
    KStream<Integer, CountMessage> partials =
        parsed
            .process(
                () -> new PartialCounter(config.windowSize(), config.countFlushInterval()),
                Named.as("partial-counts"),
                PartialCounter.STORE)
            .repartition(
                Repartitioned.with(Serdes.Integer(), CountMessage.serde())
                    .withStreamPartitioner(new CountPartitioner())
                    .withName(COUNTS_REPARTITION));
    countWindows(builder, partials, config, metrics, rawPartitions);
    return builder.build();
  }

  /**
   * The window counter and its outputs, fed by {@code partials} (partial counts keyed by status and
   * progress reports): the second half of the topology, also built alone by tests that play several
   * raw partitions' reports.
   */
  static void countWindows(
      StreamsBuilder builder,
      KStream<Integer, CountMessage> partials,
      ProcessorConfig config,
      ProcessorMetrics metrics,
      int rawPartitions) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(FinalCounter.STORE), Serdes.String(), Serdes.Long()));
    var counts =
        partials
            .process(
                () ->
                    new FinalCounter(
                        config.windowSize(),
                        config.windowGrace(),
                        config.windowIdleTimeout(),
                        rawPartitions,
                        config.liveCountsEnabled(),
                        metrics),
                Named.as("window-counts"),
                FinalCounter.STORE)
            .split(Named.as("counts-"))
            .branch((k, v) -> v.kind() == CountOutput.Kind.FINAL, Branched.as("final"))
            .branch((k, v) -> v.kind() == CountOutput.Kind.LATE, Branched.as("late"))
            .defaultBranch(Branched.as("live"));
    counts
        .get("counts-final")
        .mapValues(CountOutput::count, Named.as("final-count"))
        .to(
            config.statusCountsTopic(),
            Produced.with(Serdes.String(), LogpipeSerdes.statusCount())
                .withName("status-counts-sink"));
    counts
        .get("counts-late")
        .mapValues(CountOutput::count, Named.as("late-count"))
        .to(
            config.statusCountsLateTopic(),
            Produced.with(Serdes.String(), LogpipeSerdes.statusCount())
                .withName("status-counts-late-sink"));
    if (config.liveCountsEnabled()) {
      counts
          .get("counts-live")
          .mapValues(CountOutput::count, Named.as("live-count"))
          .to(
              config.statusCountsLiveTopic(),
              Produced.with(Serdes.String(), LogpipeSerdes.statusCount())
                  .withName("status-counts-live-sink"));
    }
  }
}
