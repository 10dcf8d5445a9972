package io.logpipe.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.processor.metrics.ProcessorMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * After a restart or a rebalance the window counter starts from its store, as restored from the
 * changelog: the slow partition's progress still holds the windows back, the watermark does not go
 * back, and progress reports keep being stored.
 */
class FinalCounterRestoreTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  private final MockProcessorContext<String, CountOutput> context =
      new MockProcessorContext<>(
          new Properties(), new TaskId(1, 0), Path.of("target", "mock-state").toFile());
  private final KeyValueStore<String, Long> store =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(FinalCounter.STORE), Serdes.String(), Serdes.Long())
          .withLoggingDisabled()
          .build();
  private final ProcessorMetrics metrics = new ProcessorMetrics();

  FinalCounterRestoreTest() {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    context.setCurrentSystemTimeMs(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
  }

  private FinalCounter counter() {
    return new FinalCounter(
        Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(2), 2, false, metrics);
  }

  private static long at(int seconds) {
    return T0.plusSeconds(seconds).toEpochMilli();
  }

  @Test
  void aRestoredSlowPartitionStillHoldsTheWindowsBack() {
    FinalCounter first = counter();
    first.init(context);
    first.process(new Record<>(0, new PartitionProgress(0, at(600)), at(600)));
    first.process(new Record<>(1, new PartitionProgress(1, at(100)), at(100)));
    first.process(new Record<>(200, new PartialCount(at(60), 3), at(60)));
    assertThat(context.forwarded()).as("window [60,120) closes at 150 s").isEmpty();

    FinalCounter second = counter(); // the same store, as a restart restores it
    second.init(context);
    second.process(new Record<>(0, new PartitionProgress(0, at(900)), at(900)));
    assertThat(context.forwarded()).as("partition 1 is still at 100 s").isEmpty();

    second.process(new Record<>(1, new PartitionProgress(1, at(160)), at(160)));
    assertThat(context.forwarded())
        .extracting(f -> f.record().value().count().getCount())
        .containsExactly(3L);
    assertThat(store.get("~progress/0")).isEqualTo(at(900));
    assertThat(store.get("~progress/1")).isEqualTo(at(160));
    assertThat(store.get("~watermark")).isEqualTo(at(160));
  }

  @Test
  void theWatermarkDoesNotGoBackAfterARestart() {
    store.put("~watermark", at(600)); // as restored: windows up to [510,570) closed
    FinalCounter counter = counter();
    counter.init(context);
    counter.process(new Record<>(200, new PartialCount(at(60), 2), at(60)));
    assertThat(context.forwarded())
        .extracting(f -> f.record().value().kind())
        .containsExactly(CountOutput.Kind.LATE);
    assertThat(metrics.lateEvents()).isEqualTo(2);
  }
}
