package io.logpipe.ingest.produce;

import io.logpipe.commandline.monitoring.KafkaClientMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends raw lines to one topic with an idempotent, {@code acks=all} producer and keeps the {@link
 * DeliveryCounters}.
 *
 * <p>Lines too large for one record are not sent: they are counted as oversize and reported with
 * their origin ({@code source:line}), the same for lines the broker turns down as too large. Any
 * other failure (the broker unavailable beyond {@code delivery.timeout.ms}, for instance) is fatal:
 * {@link #failure()} reports it, senders stop, and {@link #flush()} throws. Sending is done by one
 * thread; counters can be read from any.
 */
public final class LineProducer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LineProducer.class);

  /**
   * Oversize lines whose origin is kept for the summary; all are counted and logged up to {@link
   * #MAX_LOGGED}.
   */
  static final int MAX_REPORTED_ORIGINS = 20;

  static final int MAX_LOGGED = 100;
  private static final long PARTITION_CHECK_PAUSE_NANOS = 100_000_000L;

  private final ProducerSettings settings;
  private final DeliveryCounters counters;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final boolean keyByHost;
  private final int maxLineBytes;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final List<String> oversizeOrigins = Collections.synchronizedList(new ArrayList<>());
  private AutoCloseable meters = () -> {};

  public LineProducer(ProducerSettings settings, DeliveryCounters counters) {
    this.settings = settings;
    this.counters = counters;
    Properties props = settings.toProperties();
    try {
      this.producer = new KafkaProducer<>(props);
    } catch (KafkaException e) {
      throw new IllegalArgumentException("invalid producer configuration: " + rootMessage(e), e);
    }
    this.topic = settings.topic();
    this.keyByHost = settings.keyMode() == KeyMode.HOST;
    this.maxLineBytes = settings.maxLineBytes();
  }

  /**
   * Checks that the broker answers and the topic exists, waiting at most the producer's {@code
   * max.block.ms}.
   *
   * @return the number of partitions of the topic
   * @throws DeliveryFailedException with a message naming the servers and the topic
   */
  public int checkTopic() {
    String wait = settings.toProperties().getProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    List<PartitionInfo> partitions;
    try {
      partitions = producer.partitionsFor(topic);
    } catch (KafkaException e) {
      throw new DeliveryFailedException(
          "Kafka at "
              + settings.bootstrapServers()
              + " did not answer for topic '"
              + topic
              + "' within max.block.ms="
              + wait
              + " ms (broker down, wrong address, or topic missing): "
              + rootMessage(e),
          e);
    }
    awaitPartitionsHosted(partitions, Duration.ofMillis(Long.parseLong(wait.trim())));
    return partitions.size();
  }

  /**
   * Waits until every partition answers a ListOffsets request at its leader. Metadata can name a
   * leader a moment before that broker hosts the partition of a just-created topic; an idempotent
   * producer whose first batch lands in that window was seen (Kafka 4.4, embedded broker) to retry
   * with OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms, losing the batch. Asking the
   * leaders first closes the window at the cost of one request.
   */
  private void awaitPartitionsHosted(List<PartitionInfo> partitions, Duration timeout) {
    Properties adminProps = new Properties();
    Properties all = settings.toProperties();
    for (String name : AdminClientConfig.configNames()) {
      if (all.containsKey(name)) {
        adminProps.put(name, all.get(name));
      }
    }
    adminProps.put(
        AdminClientConfig.CLIENT_ID_CONFIG,
        all.getProperty(ProducerConfig.CLIENT_ID_CONFIG) + "-check");
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (PartitionInfo p : partitions) {
      request.put(new TopicPartition(p.topic(), p.partition()), OffsetSpec.latest());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(adminProps)) {
      while (true) {
        try {
          admin
              .listOffsets(request)
              .all()
              .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
          return;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
            throw new DeliveryFailedException(
                "partitions of topic '"
                    + topic
                    + "' at "
                    + settings.bootstrapServers()
                    + " are not available: "
                    + rootMessage(e),
                e);
          }
          LockSupport.parkNanos(
              PARTITION_CHECK_PAUSE_NANOS); // a retriable error: let the broker catch up
        } catch (TimeoutException e) {
          throw new DeliveryFailedException(
              "partitions of topic '"
                  + topic
                  + "' at "
                  + settings.bootstrapServers()
                  + " did not become available within "
                  + timeout.toMillis()
                  + " ms",
              e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DeliveryFailedException("interrupted while checking topic '" + topic + "'", e);
        }
      }
    } catch (KafkaException e) {
      throw new DeliveryFailedException(
          "cannot check the partitions of topic '" + topic + "': " + rootMessage(e), e);
    }
  }

  /** Publishes the producer's own metrics on {@code registry} until it is closed. */
  public void bindMeters(MeterRegistry registry) {
    meters = KafkaClientMeters.bind(registry, producer);
  }

  /** The producer's own metrics (connections, batches, errors); readable from any thread. */
  public Map<MetricName, ? extends Metric> kafkaMetrics() {
    return producer.metrics();
  }

  /** Largest line that fits in one record. */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /**
   * Sends one line asynchronously.
   *
   * @param line the record value, sent as it is
   * @param host the line's virtual host, used as key when keying by host (may be null: no key)
   * @param headers record headers, or null
   * @param source where the line comes from, for reports
   * @param lineNumber its position in the source, for reports
   */
  public void send(
      byte[] line, String host, Iterable<Header> headers, String source, long lineNumber) {
    counters.addSent();
    if (line.length > maxLineBytes) {
      reportOversize(source, lineNumber, line.length, "over max.request.size");
      return;
    }
    byte[] key = keyByHost && host != null ? host.getBytes(StandardCharsets.UTF_8) : null;
    try {
      producer.send(
          new ProducerRecord<>(topic, null, key, line, headers),
          (metadata, e) -> {
            if (e == null) {
              counters.addAcknowledged();
            } else if (e instanceof RecordTooLargeException) {
              reportOversize(
                  source, lineNumber, line.length, "turned down by the broker as too large");
            } else {
              counters.addFailed();
              fail(e);
            }
          });
    } catch (KafkaException e) {
      counters.addFailed();
      fail(e);
    }
  }

  /** Counts and reports a line a reader did not even keep because of its size. */
  public void reportOversize(String source, long lineNumber, long length) {
    counters.addSent();
    reportOversize(source, lineNumber, length, "over max.request.size");
  }

  private void reportOversize(String source, long lineNumber, long length, String why) {
    counters.addOversize();
    String origin = source + ":" + lineNumber;
    if (oversizeOrigins.size() < MAX_REPORTED_ORIGINS) {
      oversizeOrigins.add(origin + " (" + length + " bytes)");
    }
    long n = counters.oversize();
    if (n <= MAX_LOGGED) {
      log.warn(
          "Line {} of {} bytes not sent: {} (limit {} bytes){}",
          origin,
          length,
          why,
          maxLineBytes,
          n == MAX_LOGGED ? "; further oversize lines are counted but not logged" : "");
    }
  }

  private void fail(Exception e) {
    if (failure.compareAndSet(null, e)) {
      log.error(
          "Delivery to {} at {} failed: {}", topic, settings.bootstrapServers(), rootMessage(e));
    }
  }

  /** Whether a fatal delivery failure happened; senders should stop. */
  public boolean failed() {
    return failure.get() != null;
  }

  /** The first fatal failure, as a message for the user, or null. */
  public String failure() {
    Exception e = failure.get();
    return e == null
        ? null
        : "delivery to "
            + topic
            + " at "
            + settings.bootstrapServers()
            + " failed: "
            + rootMessage(e);
  }

  /** Origins of the first oversize lines, for the summary. */
  public List<String> oversizeOrigins() {
    synchronized (oversizeOrigins) {
      return List.copyOf(oversizeOrigins);
    }
  }

  /**
   * Blocks until every line sent so far is acknowledged or failed.
   *
   * @throws DeliveryFailedException if a fatal failure happened
   */
  public void flush() {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new DeliveryFailedException(failure(), e);
    }
  }

  /**
   * Closes the producer, waiting at most {@code timeout} for in-flight lines (the rest fail and are
   * counted).
   */
  public void close(Duration timeout) {
    producer.close(timeout);
    try {
      meters.close();
    } catch (Exception e) {
      log.debug("Removing the producer's meters: {}", e.toString());
    }
  }

  @Override
  public void close() {
    close(ProducerSettings.STOP_FLUSH_TIMEOUT);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    String msg = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        msg = t.getMessage();
      }
    }
    return t.getClass().getSimpleName() + ": " + msg;
  }
}
