package io.logpipe.sink.consumer;

import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.metrics.SinkMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's polling thread: reads {@code LogEvent}s, routes them to per-partition batches of
 * hourly Parquet writers ({@link BatchRouter}), commits batches to the lake when a rotation rule
 * fires, also on idle partitions ({@link Housekeeping}, {@link PartitionCommitter}), recovers each
 * partition from the lake when it is assigned ({@link RebalanceListener}), writes {@code _SUCCESS}
 * markers as the watermark passes hours ({@link HourCompletion}), and commits Kafka offsets after
 * the lake (for monitoring only: the lake is the source of truth). Every decision is taken on this
 * thread, which checks each record and reads its event time without decoding the rest ({@link
 * io.logpipe.sink.row.RowCodec}); worker lanes only encode the rows the polls accepted ({@link
 * StagedRows}) while this thread polls and checks the next records (up to {@value
 * SinkRoles#MAX_ROWS_IN_FLIGHT} rows ahead), and the loop waits for them before it closes or drops
 * a writer.
 */
public final class SinkLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final SinkConfig config;
  private final Consumer<byte[], byte[]> consumer;
  private final SinkMetrics metrics;
  private final SinkExecutors executors;
  private final SinkRoles roles;
  private final HourScan hourScan;
  private final AtomicBoolean running = new AtomicBoolean(true);

  public SinkLoop(
      SinkConfig config, FileSystem fs, Consumer<byte[], byte[]> consumer, SinkMetrics metrics) {
    this(config, fs, consumer, metrics, new LakeHourScan(fs, new LakeLayout(config.lake())));
  }

  /** With {@code hourScan} telling which hours the lake holds at start-up. */
  SinkLoop(
      SinkConfig config,
      FileSystem fs,
      Consumer<byte[], byte[]> consumer,
      SinkMetrics metrics,
      HourScan hourScan) {
    this.config = config;
    this.consumer = consumer;
    this.metrics = metrics;
    this.executors = new SinkExecutors(config.workerThreads(), config.maxOpenWriters());
    this.roles = new SinkRoles(config, fs, new KafkaPartitionReads(consumer), metrics, executors);
    this.hourScan = hourScan;
  }

  /** Asks the loop to publish what it holds and stop; returns at once. */
  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      roles.completion.seed(hourScan);
      consumer.subscribe(List.of(config.topic()), roles.listener);
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          break;
        }
        roles.listener.throwIfFailed();
        roles.handle(records);
      }
      roles.publishAll();
    } catch (RuntimeException | Error e) {
      roles.abortAll(); // closing the consumer revokes the partitions: nothing may be published
      // after a failure
      throw e;
    } finally {
      closeConsumer();
    }
  }

  private void closeConsumer() {
    try {
      GroupExit.close(consumer);
      roles.clear();
      metrics.assignedPartitions(0);
    } finally {
      executors
          .close(); // before the caller closes the file system: no task may still be writing or
      // closing a file
    }
  }
}
