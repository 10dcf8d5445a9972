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
 * The first counting stage's flush: counts first, then the stream time, and never a stream time it
 * has not seen.
 */
class PartialCounterTest {

  private static final Instant T0 = Instant.parse("2025-12-24T10:00:00Z");

  private final MockProcessorContext<Integer, PartialCount> context = new MockProcessorContext<>();
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

    List<CapturedForward<? extends Integer, ? extends PartialCount>> out = context.forwarded();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).record().key()).isEqualTo(200);
    assertThat(out.get(0).record().value()).isEqualTo(PartialCount.counted(window, 5));
    assertThat(out.get(0).record().timestamp()).isEqualTo(window);
  }

  @Test
  void eachFlushSendsItsCountsThenItsStreamTimeOncePerStatus() {
    counter.init(context);
    Instant late = T0.plusSeconds(130);
    for (Instant ts : List.of(T0.plusSeconds(5), T0.plusSeconds(70), late)) {
      counter.process(new Record<String, SpecificRecord>("h", event(ts, 200), ts.toEpochMilli()));
    }
    counter.process(
        new Record<String, SpecificRecord>(
            "h", event(T0.plusSeconds(6), 404), T0.plusSeconds(6).toEpochMilli()));

    flush();

    List<PartialCount> values =
        context.forwarded().stream().map(f -> (PartialCount) f.record().value()).toList();
    assertThat(values.subList(0, 4))
        .allSatisfy(p -> assertThat(p.isStreamTimeOnly()).isFalse())
        .extracting(PartialCount::streamTime)
        .containsOnly(Long.MIN_VALUE);
    assertThat(values.subList(4, 6)).containsOnly(PartialCount.streamTimeOnly(late.toEpochMilli()));
    List<Integer> keys =
        context.forwarded().subList(4, 6).stream().map(f -> (Integer) f.record().key()).toList();
    assertThat(keys).containsExactly(200, 404);
    assertThat(context.forwarded())
        .allSatisfy(f -> assertThat(f.record().timestamp()).isNotNegative());
  }
}
