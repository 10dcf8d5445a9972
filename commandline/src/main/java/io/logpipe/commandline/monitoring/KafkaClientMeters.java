package io.logpipe.commandline.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A Kafka client's own metrics on a Micrometer registry, through Micrometer's {@link
 * KafkaClientMetrics} binder: {@code kafka_producer_*}, {@code kafka_consumer_*} (among them the
 * lag of every assigned partition, {@code kafka_consumer_fetch_manager_records_lag{topic,
 * partition}}), {@code kafka_admin_client_*}, each tagged with the client's {@code client_id}.
 *
 * <p>The binder looks for new client metrics (a partition assigned, a broker connected) every
 * {@link #REFRESH}, not its default minute, so that a partition's lag appears within seconds of the
 * assignment; one daemon thread does that for every client of the JVM.
 */
public final class KafkaClientMeters {

  /** How often the binders pick up client metrics that appeared or went away. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "logpipe-kafka-meters");
            t.setDaemon(true);
            return t;
          });

  private KafkaClientMeters() {}

  /**
   * The thread the binders refresh on, shared by every client of the JVM; for binders built
   * elsewhere (Kafka Streams').
   */
  public static ScheduledExecutorService scheduler() {
    return SCHEDULER;
  }

  /** Binds {@code producer}'s metrics; closing the result removes them. */
  public static AutoCloseable bind(MeterRegistry registry, Producer<?, ?> producer) {
    return bound(registry, new KafkaClientMetrics(producer, Tags.empty(), SCHEDULER, REFRESH));
  }

  /** Binds {@code consumer}'s metrics; closing the result removes them. */
  public static AutoCloseable bind(MeterRegistry registry, Consumer<?, ?> consumer) {
    return bound(registry, new KafkaClientMetrics(consumer, Tags.empty(), SCHEDULER, REFRESH));
  }

  /** Binds {@code admin}'s metrics; closing the result removes them. */
  public static AutoCloseable bind(MeterRegistry registry, AdminClient admin) {
    return bound(registry, new KafkaClientMetrics(admin, Tags.empty(), SCHEDULER, REFRESH));
  }

  private static AutoCloseable bound(MeterRegistry registry, KafkaClientMetrics metrics) {
    metrics.bindTo(registry);
    return metrics::close;
  }
}
