package io.logpipe.processor.topology;

import io.logpipe.processor.config.ProcessorConfig;
import io.logpipe.processor.metrics.ProcessorMetrics;
import io.logpipe.processor.parse.LogLineParser;
import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectedLine;
import io.logpipe.schemas.StatusCount;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The stream processor's topology: the single entry point shared by production and by tests.
 *
 * <pre>
 * raw (bytes) ─► parse ─┬─► curated   (LogEvent, key host, record time = event time)
 *                       └─► rejected  (RejectedLine, null key)
 * curated ─► (status, 1) ─► repartition by status ─► late-event metric ─► tumbling window count
 *         ─► suppress until window closes ─► status counts (StatusCount final=true, key {@link StatusCountKey})
 *         └► (optional) live counts on every update (final=false)
 * </pre>
 *
 * Node, store and internal-topic names are fixed so that upgrades keep state.
 */
public final class LogTopology {

  /** Name of the windowed count store (queryable with interactive queries). */
  public static final String COUNT_STORE = "status-counts-store";

  private LogTopology() {}

  /** Builds the topology with a private metrics instance (for tests that do not read metrics). */
  public static Topology build(ProcessorConfig config) {
    return build(config, new ProcessorMetrics());
  }

  /** Builds the topology; its processors report into {@code metrics}. */
  public static Topology build(ProcessorConfig config, ProcessorMetrics metrics) {
    LogLineParser parser = new LogLineParser(config.maxLineBytes(), config.defaultHost(), config.zone(),
        config.maxFuture(), java.time.Clock.systemUTC());
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, SpecificRecord> parsed = builder
        .stream(config.rawTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-lines"))
        .process(() -> new ParseProcessor(parser, metrics), Named.as("parse"));

    var branches = parsed.split(Named.as("outcome-"))
        .branch((k, v) -> v instanceof LogEvent, Branched.as("curated"))
        .defaultBranch(Branched.as("rejected"));

    KStream<String, LogEvent> curated = branches.get("outcome-curated")
        .mapValues(v -> (LogEvent) v, Named.as("as-event"));
    curated.to(config.curatedTopic(),
        Produced.with(Serdes.String(), LogpipeSerdes.logEvent()).withName("curated-sink"));

    branches.get("outcome-rejected")
        .mapValues(v -> (RejectedLine) v, Named.as("as-rejected"))
        .to(config.rejectedTopic(),
            Produced.with(Serdes.String(), LogpipeSerdes.rejectedLine()).withName("rejected-sink"));

    KTable<Windowed<Integer>, Long> counts = curated
        .map((host, event) -> KeyValue.pair(event.getStatus(), event.getStatus()), Named.as("key-by-status"))
        .repartition(Repartitioned.with(Serdes.Integer(), Serdes.Integer()).withName("by-status"))
        .processValues(() -> new LateEventCounter<>(config.windowSize(), config.windowGrace(), metrics),
            Named.as("late-events"))
        .groupByKey(Grouped.with(Serdes.Integer(), Serdes.Integer()))
        .windowedBy(TimeWindows.ofSizeAndGrace(config.windowSize(), config.windowGrace()))
        .count(Named.as("count"), Materialized.<Integer, Long, WindowStore<Bytes, byte[]>>as(COUNT_STORE)
            .withKeySerde(Serdes.Integer())
            .withValueSerde(Serdes.Long()));

    counts.suppress(Suppressed.<Windowed<Integer>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
            .withName("until-window-closes"))
        .toStream(Named.as("final-counts"))
        .map((w, n) -> toStatusCount(w, n, true), Named.as("final-status-count"))
        .to(config.statusCountsTopic(),
            Produced.with(Serdes.String(), LogpipeSerdes.statusCount()).withName("status-counts-sink"));

    if (config.liveCountsEnabled()) {
      counts.toStream(Named.as("live-counts"))
          .filter((w, n) -> n != null, Named.as("live-non-null"))
          .map((w, n) -> toStatusCount(w, n, false), Named.as("live-status-count"))
          .to(config.statusCountsLiveTopic(),
              Produced.with(Serdes.String(), LogpipeSerdes.statusCount()).withName("status-counts-live-sink"));
    }
    return builder.build();
  }

  private static KeyValue<String, StatusCount> toStatusCount(Windowed<Integer> w, Long count, boolean fin) {
    StatusCount value = StatusCount.newBuilder()
        .setWindowStart(w.window().startTime())
        .setWindowEnd(w.window().endTime())
        .setStatus(w.key())
        .setCount(count)
        .setFinal$(fin)
        .build();
    return KeyValue.pair(StatusCountKey.of(w.window().startTime(), w.key()), value);
  }
}
