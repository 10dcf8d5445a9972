package io.logpipe.commandline.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A Kafka client's own metrics on a Micrometer registry, through Micrometer's Kafka binders: {@code
 * kafka_producer_*}, {@code kafka_consumer_*} (among them the lag of every assigned partition,
 * {@code kafka_consumer_fetch_manager_records_lag{topic, partition}}), each tagged with the
 * client's {@code client_id}.
 *
 * <p>The binders look for new client metrics (a partition assigned, a broker connected) every
 * {@link #REFRESH}, not their default minute, so that a partition's lag appears within seconds of
 * the assignment. Each binding refreshes on a daemon thread of its own that closing it stops: a
 * binder given a scheduler does not stop it itself, and a refresh after the client closed would
 * register the client's remaining meters again.
 */
public final class KafkaClientMeters {

  /** How often the binders pick up client metrics that appeared or went away. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private KafkaClientMeters() {}

  /** Binds {@code producer}'s metrics; closing the result removes them. */
  public static AutoCloseable bind(MeterRegistry registry, Producer<?, ?> producer) {
    return bind(registry, s -> new KafkaClientMetrics(producer, Tags.empty(), s, REFRESH));
  }

  /** Binds {@code consumer}'s metrics; closing the result removes them. */
  public static AutoCloseable bind(MeterRegistry registry, Consumer<?, ?> consumer) {
    return bind(registry, s -> new KafkaClientMetrics(consumer, Tags.empty(), s, REFRESH));
  }

  /**
   * Binds the meters {@code binder} builds on the refresh thread it is given (e.g. Kafka Streams'
   * {@code KafkaStreamsMetrics}); closing the result stops that thread and removes the meters.
   */
  public static <M extends MeterBinder & AutoCloseable> AutoCloseable bind(
      MeterRegistry registry, Function<ScheduledExecutorService, M> binder) {
    ScheduledExecutorService refresh =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "logpipe-kafka-meters");
              t.setDaemon(true);
              return t;
            });
    M meters = binder.apply(refresh);
    meters.bindTo(registry);
    return new Binding(refresh, meters);
  }

  /** A bound client's meters and the thread that refreshes them. */
  static final class Binding implements AutoCloseable {
    private final ScheduledExecutorService refresh;
    private final AutoCloseable meters;

    private Binding(ScheduledExecutorService refresh, AutoCloseable meters) {
      this.refresh = refresh;
      this.meters = meters;
    }

    /** Whether the meters are still refreshed. */
    boolean refreshing() {
      return !refresh.isShutdown();
    }

    @Override
    public void close() throws Exception {
      refresh.shutdownNow(); // first: a refresh after this point could register meters again
      meters.close();
    }
  }
}
