package io.logpipe.sink.iceberg;

import io.logpipe.commandline.monitoring.KafkaClientMeters;
import io.logpipe.metrics.StageStatus;
import io.logpipe.sink.HdfsSink;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.SinkCounters;
import io.logpipe.sink.fs.HdfsCloseRetries;
import io.logpipe.sink.metrics.SinkMetrics;
import io.logpipe.sink.metrics.SinkReadiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's Iceberg mode ({@code sink --format iceberg}): the same rows as the file mode, into an
 * Iceberg table partitioned by the event's local date and hour, exactly once through the Kafka
 * offsets every snapshot carries. See the module README, "Iceberg mode".
 */
public final class IcebergSink implements RunningSink {

  private static final Logger log = LoggerFactory.getLogger(IcebergSink.class);

  private final IcebergSinkLoop loop;
  private final SinkMetrics metrics;
  private final Catalog catalog;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AutoCloseable consumerMeters;
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Throwable failure;

  private IcebergSink(
      IcebergSinkLoop loop,
      SinkMetrics metrics,
      Catalog catalog,
      KafkaConsumer<byte[], byte[]> consumer,
      AutoCloseable consumerMeters) {
    this.loop = loop;
    this.metrics = metrics;
    this.catalog = catalog;
    this.consumer = consumer;
    this.consumerMeters = consumerMeters;
    this.thread = new Thread(this::runLoop, "logpipe-iceberg-sink");
  }

  /**
   * Opens (or creates) the table and starts the sink.
   *
   * @throws IllegalArgumentException when the catalog or the table cannot be opened
   */
  public static IcebergSink start(
      SinkConfig config, IcebergTarget target, Configuration hadoopConf, MeterRegistry registry) {
    return start(config, target, hadoopConf, registry, UnaryOperator.identity());
  }

  /**
   * As {@link #start(SinkConfig, IcebergTarget, Configuration, MeterRegistry)}, with the table the
   * sink writes through {@code tables} first: the tests' seam to wrap its operations (failing or
   * stalling a commit).
   */
  static IcebergSink start(
      SinkConfig config,
      IcebergTarget target,
      Configuration hadoopConf,
      MeterRegistry registry,
      UnaryOperator<Table> tables) {
    Catalog catalog;
    try {
      catalog = TableCatalogs.open(config.lake(), target, HdfsCloseRetries.apply(hadoopConf));
    } catch (RuntimeException e) {
      throw cannotOpen(config, target, e);
    }
    try {
      return start(config, target, catalog, registry, tables);
    } catch (RuntimeException | Error e) {
      // the catalog may hold threads and connections (REST, JDBC)
      closeQuietly(catalog, e);
      throw e;
    }
  }

  private static IcebergSink start(
      SinkConfig config,
      IcebergTarget target,
      Catalog catalog,
      MeterRegistry registry,
      UnaryOperator<Table> tables) {
    Table table;
    Table rewriteTable;
    try {
      table =
          tables.apply(
              TableCatalogs.loadOrCreate(catalog, target.identifier(), config.codec().fileTag()));
      rewriteTable = catalog.loadTable(target.identifier());
    } catch (RuntimeException e) {
      throw cannotOpen(config, target, e);
    }
    SinkMetrics metrics =
        new SinkMetrics(
            registry != null ? registry : new SimpleMeterRegistry(),
            config.clock(),
            config.allowedLateness());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            HdfsSink.consumerProperties(config),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    AutoCloseable consumerMeters;
    try {
      consumerMeters = registry != null ? KafkaClientMeters.bind(registry, consumer) : () -> {};
    } catch (RuntimeException | Error e) {
      consumer.close();
      throw e;
    }
    IcebergSink sink =
        new IcebergSink(
            new IcebergSinkLoop(config, table, rewriteTable, consumer, metrics),
            metrics,
            catalog,
            consumer,
            consumerMeters);
    sink.thread.start();
    log.info(
        "Iceberg sink started: {} -> table {} at {} (zone {}, group {})",
        config.topic(),
        target.table(),
        table.location(),
        config.zone(),
        config.groupId());
    return sink;
  }

  private void runLoop() {
    try {
      loop.run();
    } catch (Throwable t) {
      failure = t;
      log.error("Iceberg sink stopped: {}", t.getMessage(), t);
    } finally {
      if (catalog instanceof Closeable c) {
        try {
          c.close();
        } catch (IOException e) {
          log.debug("Closing the catalog: {}", e.toString());
        }
      }
      done.countDown();
    }
  }

  @Override
  public SinkCounters counters() {
    return new SinkCounters(
        metrics.rowsWritten(),
        metrics.rowsCommitted(),
        metrics.filesCommitted(),
        metrics.commits(),
        metrics.quarantinedCount(),
        metrics.hoursCompleted(),
        metrics.openWriters(),
        metrics.assignedPartitions());
  }

  @Override
  public StageStatus status() {
    return SinkReadiness.of(isRunning(), failure, metrics.assignedPartitions(), consumer.metrics());
  }

  @Override
  public boolean isRunning() {
    return done.getCount() > 0;
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Commits the rows held, commits offsets and stops (waits up to two minutes). */
  @Override
  public void close() {
    loop.stop();
    try {
      if (!awaitTermination(Duration.ofMinutes(2))) {
        log.warn("Iceberg sink did not stop within 2 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        consumerMeters.close();
      } catch (Exception e) {
        log.debug("Removing the consumer's meters: {}", e.toString());
      }
    }
  }

  private static IllegalArgumentException cannotOpen(
      SinkConfig config, IcebergTarget target, RuntimeException e) {
    return new IllegalArgumentException(
        "Cannot open the Iceberg table "
            + target.table()
            + " in "
            + (target.catalogUri() != null ? target.catalogUri() : config.lake())
            + ": "
            + e.getMessage(),
        e);
  }

  private static void closeQuietly(Catalog catalog, Throwable failure) {
    if (catalog instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
