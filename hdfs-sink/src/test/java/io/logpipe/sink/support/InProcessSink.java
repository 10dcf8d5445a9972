package io.logpipe.sink.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.time.Duration;

/** The sink in the test's JVM, as the integration tests configure it and wait for it. */
public final class InProcessSink {

  private InProcessSink() {}

  /** A sink of {@code topic} on the test broker into {@code lake}, in {@code group}. */
  public static SinkConfig.Builder config(
      EmbeddedKafka kafka, URI lake, String topic, String group) {
    return SinkConfig.builder(kafka.bootstrapServers(), lake).topic(topic).groupId(group);
  }

  /**
   * Waits until {@code sink} has committed {@code rows} rows; a failure of the sink fails the wait
   * at once.
   */
  public static void awaitCommitted(HdfsSink sink, long rows, Duration timeout, String what)
      throws Exception {
    Await.until(
        timeout,
        what,
        () -> {
          assertThat(sink.failure()).isEmpty();
          return sink.counters().rowsCommitted() >= rows;
        });
  }
}
