package io.logpipe.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.parse.ParseOutcome;
import io.logpipe.processor.parse.RawLine;
import io.logpipe.processor.testing.SystemClockParser;
import io.logpipe.schemas.LogEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The first counting stage's flush: counts first, then the task's progress once (broadcast by the
 * partitioner), and never a progress it has not seen or has already sent.
 */
class PartialCounterTest {

  private static final Instant T0 = Instant.parse("2025-12-24T10:00:00Z");

  /** The task of raw partition 4. */
  private final MockProcessorContext<Integer, CountMessage> context =
      new MockProcessorContext<>(
          new java.util.Properties(),
          new org.apache.kafka.streams.processor.TaskId(0, 4),
          java.nio.file.Path.of("target", "mock-state").toFile());

  private final KeyValueStore<Long, Long> store =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(PartialCounter.STORE), Serdes.Long(), Serdes.Long())
          .withLoggingDisabled()
          .build();
  private final PartialCounter counter =
      new PartialCounter(Duration.ofMinutes(1), Duration.ofMillis(200));

  PartialCounterTest() {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  private void flush() {
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(0L);
  }

  private static LogEvent event(Instant ts, int status) {
    ParseOutcome o =
        SystemClockParser.of(64 * 1024, "unknown", ZoneOffset.UTC)
            .parse(
                new RawLine(
                    TopologyFixture.json(ts, status)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    null,
                    "logs_raw",
                    0,
                    0));
    return ((ParseOutcome.Parsed) o).event();
  }

  @Test
  void countsRestoredAfterARestartAreFlushedWithoutAStreamTimeItHasNotSeen() {
    long window = T0.toEpochMilli();
    store.put(StatusCountKey.packed(window, 200), 5L); // as restored from the changelog
    counter.init(context);

    flush();

    List<CapturedForward<? extends Integer, ? extends CountMessage>> out = context.forwarded();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).record().key()).isEqualTo(200);
    assertThat(out.get(0).record().value()).isEqualTo(new PartialCount(window, 5));
    assertThat(out.get(0).record().timestamp()).isEqualTo(window);
  }

  @Test
  void eachFlushSendsItsCountsThenItsProgressOnce() {
    counter.init(context);
    Instant late = T0.plusSeconds(130);
    for (Instant ts : List.of(T0.plusSeconds(5), T0.plusSeconds(70), late)) {
      counter.process(new Record<String, SpecificRecord>("h", event(ts, 200), ts.toEpochMilli()));
    }
    counter.process(
        new Record<String, SpecificRecord>(
            "h", event(T0.plusSeconds(6), 404), T0.plusSeconds(6).toEpochMilli()));

    flush();

    List<CountMessage> values =
        context.forwarded().stream().map(f -> (CountMessage) f.record().value()).toList();
    assertThat(values).hasSize(5);
    assertThat(values.subList(0, 4))
        .allSatisfy(m -> assertThat(m).isInstanceOf(PartialCount.class));
    assertThat(values.get(4)).isEqualTo(new PartitionProgress(4, late.toEpochMilli()));
    assertThat(context.forwarded().get(4).record().key()).isEqualTo(4);
    assertThat(context.forwarded())
        .allSatisfy(f -> assertThat(f.record().timestamp()).isNotNegative());

    context.resetForwards();
    flush();
    assertThat(context.forwarded()).as("nothing new: no counts, no progress").isEmpty();

    counter.process(
        new Record<String, SpecificRecord>(
            "h", event(T0.plusSeconds(1), 500), T0.plusSeconds(1).toEpochMilli()));
    flush();
    assertThat(context.forwarded())
        .as("an older event is counted but is no progress")
        .extracting(f -> (CountMessage) f.record().value())
        .containsExactly(new PartialCount(T0.toEpochMilli(), 1));
  }

  @Test
  void progressReportsGoToEveryPartitionAndCountsWhereTheirStatusHashes() {
    CountPartitioner partitioner = new CountPartitioner();
    assertThat(partitioner.partitions("t", 3, new PartitionProgress(3, 1L), 6))
        .hasValue(java.util.Set.of(0, 1, 2, 3, 4, 5));
    assertThat(partitioner.partitions("t", 200, new PartialCount(0L, 1L), 6)).isEmpty();
  }

  @Test
  void countMessagesRoundTripAndTheOlderFormatsCountsAreStillRead() {
    var serde = CountMessage.serde();
    for (CountMessage m :
        List.<CountMessage>of(
            new PartialCount(T0.toEpochMilli(), 7), new PartitionProgress(5, 9L))) {
      assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", m)))
          .isEqualTo(m);
    }
    byte[] legacyCount =
        java.nio.ByteBuffer.allocate(24)
            .putLong(60_000L)
            .putLong(3)
            .putLong(Long.MIN_VALUE)
            .array();
    byte[] legacyStreamTime =
        java.nio.ByteBuffer.allocate(24).putLong(Long.MIN_VALUE).putLong(0).putLong(5L).array();
    assertThat(serde.deserializer().deserialize("t", legacyCount))
        .isEqualTo(new PartialCount(60_000L, 3));
    assertThat(serde.deserializer().deserialize("t", legacyStreamTime)).isNull();
  }
}
