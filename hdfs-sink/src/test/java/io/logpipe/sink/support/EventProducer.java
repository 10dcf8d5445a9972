package io.logpipe.sink.support;

import io.logpipe.schemas.LogEvent;
import io.logpipe.schemas.LogpipeSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces LogEvents into a topic: event times spread evenly over {@code [start, start + span)}, a
 * fraction of them late (pushed back into an earlier hour), partitions round-robin. Lineage ids are
 * unique: ({@code logs_raw}, i % 3, i).
 */
public final class EventProducer implements AutoCloseable {

  private final KafkaProducer<String, LogEvent> producer;
  private final String topic;
  private final int partitions;
  private final Random rnd = new Random(42);

  public EventProducer(String bootstrap, String topic, int partitions) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.producer =
        new KafkaProducer<>(p, new StringSerializer(), LogpipeSerdes.logEvent().serializer());
    this.topic = topic;
    this.partitions = partitions;
  }

  /**
   * Sends events {@code firstId .. firstId+count-1} of a run of {@code total} spread over {@code
   * span}, and returns their lineage keys.
   */
  public List<String> send(
      long firstId, int count, long total, Instant start, Duration span, double lateFraction) {
    List<String> keys = new ArrayList<>(count);
    long spanMicros = span.toNanos() / 1000;
    for (long i = firstId; i < firstId + count; i++) {
      Instant ts = start.plusNanos(spanMicros * i / total * 1000);
      if (rnd.nextDouble() < lateFraction) {
        Instant late = ts.minusSeconds(600 + rnd.nextInt(3600));
        ts = late.isBefore(start) ? start : late;
      }
      int rawPartition = (int) (i % 3);
      LogEvent e = Events.event(ts, "logs_raw", rawPartition, i, rnd);
      producer.send(new ProducerRecord<>(topic, (int) (i % partitions), e.getHost(), e));
      keys.add(Lineage.key(e));
    }
    producer.flush();
    return keys;
  }

  /** Sends one event at {@code ts} with lineage id {@code id}. */
  public String sendAt(Instant ts, long id) {
    LogEvent e = Events.event(ts, "logs_raw", (int) (id % 3), id, rnd);
    producer.send(new ProducerRecord<>(topic, (int) (id % partitions), e.getHost(), e));
    return Lineage.key(e);
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
