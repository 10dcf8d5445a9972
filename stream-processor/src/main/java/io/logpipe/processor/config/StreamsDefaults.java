package io.logpipe.processor.config;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams defaults the processor runs with, under what the user set. */
final class StreamsDefaults {

  /** The commit interval under exactly-once (Kafka Streams' own default: 100 ms). */
  static final long EOS_COMMIT_INTERVAL_MS = 500;

  private StreamsDefaults() {}

  /** The processor's defaults with {@code userProperties} laid over them. */
  static Properties under(Map<String, String> userProperties) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, ProcessorConfig.DEFAULT_APPLICATION_ID);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Larger polls and producer batches than the client defaults (1000 records, 16 KiB): access-log
    // records are small (~250 B); figures in stream-processor/BENCHMARKS.md. Both are plain client
    // properties a user can override.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
    // Under exactly-once every commit is a transaction (markers on every output partition, an
    // offset commit, round trips to the coordinator); Kafka Streams' 100 ms default spends about
    // as much broker CPU on them as on the records of a backlog: 500 ms halved the broker's CPU
    // on a 1M-line backlog (BENCHMARKS.md, speed as deployed). Kept below the sink's 1 s quiet
    // commit, so that the gaps between transactions never look like the end of a backlog to it.
    if (StreamsConfig.EXACTLY_ONCE_V2.equals(
        userProperties.getOrDefault(
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2))) {
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(EOS_COMMIT_INTERVAL_MS));
    }
    // With static membership (the process command's --instance-id) a processor restarted within the
    // session timeout takes its tasks back without a rebalance: 30 s covers a restart with room to
    // spare, and bounds how long a crashed instance that does not come back holds its tasks
    // (Kafka's default: 45 s). Heartbeats every second (default 3 s) let the other members see a
    // rebalance, e.g. after a clean stop, sooner. Classic protocol only: with Kafka Streams' own
    // group protocol ("streams") the broker sets both.
    if ("classic"
        .equalsIgnoreCase(
            userProperties.getOrDefault(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic"))) {
      p.put(
          ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
          String.valueOf(ProcessorConfig.DEFAULT_SESSION_TIMEOUT.toMillis()));
      p.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
          String.valueOf(ProcessorConfig.DEFAULT_HEARTBEAT_INTERVAL.toMillis()));
    }
    p.putAll(userProperties);
    return p;
  }
}
