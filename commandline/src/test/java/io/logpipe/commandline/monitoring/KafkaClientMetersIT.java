package io.logpipe.commandline.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClientMetersIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void clientMetricsIncludingPartitionLagAndConnectionsFollowTheBroker() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "meters-producer"),
                new StringSerializer(),
                new StringSerializer());
        KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "meters",
                    ConsumerConfig.CLIENT_ID_CONFIG,
                    "meters-consumer",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                    "1",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
        AutoCloseable producerMeters = KafkaClientMeters.bind(registry, producer);
        AutoCloseable consumerMeters = KafkaClientMeters.bind(registry, consumer)) {
      kafka.createTopic("metered", 1);
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("metered", "line " + i)).get();
      }
      consumer.subscribe(List.of("metered"));
      // One record per poll: after the first polls nine records are still behind.
      awaitWhilePolling(
          consumer,
          () ->
              registry
                  .scrape()
                  .contains(
                      "kafka_consumer_fetch_manager_records_lag{client_id=\"meters-consumer\","));
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains(
              "kafka_producer_record_send_total{client_id=\"meters-producer\"",
              "topic=\"metered\"",
              "partition=\"0\"");
      assertThat(KafkaConnections.open(consumer.metrics())).isPositive();
      assertThat(KafkaConnections.open(producer.metrics(), "meters-producer"::equals)).isPositive();
      assertThat(KafkaConnections.open(producer.metrics(), "someone-else"::equals)).isZero();

      consumerMeters.close();
      assertThat(registry.scrape()).doesNotContain("client_id=\"meters-consumer\"");
      assertThat(((KafkaClientMeters.Binding) consumerMeters).refreshing())
          .as("a closed binding's refresh stopped (else it would bring the meters back)")
          .isFalse();
      assertThat(registry.scrape()).contains("client_id=\"meters-producer\"");
      assertThat(((KafkaClientMeters.Binding) producerMeters).refreshing()).isTrue();
      producerMeters.close();

      kafka.close();
      awaitWhilePolling(consumer, () -> KafkaConnections.open(consumer.metrics()) == 0);
      assertThat(KafkaConnections.open(consumer.metrics())).isZero();
      // Nothing to wait for from a broker that is gone.
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      producer.close(Duration.ZERO);
    } finally {
      kafka.close();
    }
  }

  private static void awaitWhilePolling(
      KafkaConsumer<String, String> consumer, BooleanSupplier done) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited %s", DEADLINE).isNegative();
      consumer.poll(Duration.ofMillis(100)); // the consumer only does anything while polled
    }
  }
}
