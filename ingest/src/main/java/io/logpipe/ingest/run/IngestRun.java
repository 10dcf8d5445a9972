package io.logpipe.ingest.run;

import io.logpipe.commandline.BrokerCheck;
import io.logpipe.commandline.BrokerUnreachableException;
import io.logpipe.commandline.monitoring.KafkaConnections;
import io.logpipe.ingest.StopSignal;
import io.logpipe.ingest.file.FileReaderConfig;
import io.logpipe.ingest.file.FollowPositions;
import io.logpipe.ingest.file.InputFileException;
import io.logpipe.ingest.generator.GeneratorConfig;
import io.logpipe.ingest.generator.NanoClock;
import io.logpipe.ingest.produce.DeliveryCounters;
import io.logpipe.ingest.produce.DeliveryFailedException;
import io.logpipe.ingest.produce.LineProducer;
import io.logpipe.ingest.produce.ProducerSettings;
import io.logpipe.ingest.run.IngestSummary.Outcome;
import io.logpipe.metrics.StageStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest run: lines from the traffic generator or from files into a Kafka topic. Runs on the
 * thread that calls {@link #run()}; {@link #stop()}, {@link #counters()} and {@link #awaitSummary}
 * may be called from any other.
 *
 * <pre>{@code
 * IngestRun run = IngestRun.generator(GeneratorConfig.builder().events(100_000).seed(7)
 *     .start(Instant.parse("2026-11-20T00:00:00Z")).span(Duration.ofHours(6)).build(),
 *     ProducerSettings.builder().bootstrapServers(kafka.bootstrapServers()).build());
 * Thread t = new Thread(run, "ingest");
 * t.start();
 * long acked = run.counters().acknowledged();   // live
 * IngestSummary summary = run.awaitSummary(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>On a normal end every sent line is flushed before the summary. On {@link #stop()} reading
 * stops and in-flight lines get {@link ProducerSettings#STOP_FLUSH_TIMEOUT} to be acknowledged. A
 * run is used once.
 */
public final class IngestRun implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(IngestRun.class);

  private final LineSource source;
  private final ProducerSettings settings;
  private final DeliveryCounters counters = new DeliveryCounters();
  private final FollowPositions positions;
  private final StopSignal stop = new StopSignal();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile IngestSummary summary;
  private volatile boolean started;
  private volatile MeterRegistry registry;
  private volatile LineProducer sending; // once the topic answered

  IngestRun(LineSource source, ProducerSettings settings, FollowPositions positions) {
    this.source = source;
    this.settings = settings;
    this.positions = positions;
  }

  /** A run of the traffic generator into {@code settings.topic()}. */
  public static IngestRun generator(GeneratorConfig config, ProducerSettings settings) {
    return new IngestRun(
        new GeneratorSource(config, NanoClock.SYSTEM), settings, new FollowPositions());
  }

  /** A run reading (or following) files into {@code settings.topic()}. */
  public static IngestRun files(FileReaderConfig config, ProducerSettings settings) {
    FollowPositions positions = new FollowPositions();
    return new IngestRun(new FileSource(config, positions), settings, positions);
  }

  /**
   * Publishes the run's meters on {@code registry}, before {@link #run()}: the delivery counters
   * ({@code logpipe_ingest_lines_*}), each followed file's position ({@code
   * logpipe_ingest_follow_*}) and the producer's own metrics ({@code kafka_producer_*}, while it is
   * open).
   *
   * @return this
   */
  public IngestRun monitor(MeterRegistry registry) {
    this.registry = registry;
    new IngestMeters(counters).bindTo(registry);
    positions.bindTo(registry);
    return this;
  }

  /**
   * Liveness and readiness for {@code /healthz} and {@code /readyz}: ready once Kafka answered for
   * the topic, and while lines are in flight only with a connection open; down once the run ended
   * or delivery failed.
   */
  public StageStatus status() {
    if (isDone()) {
      return StageStatus.down("finished: " + summary.outcome());
    }
    LineProducer producer = sending;
    if (producer == null) {
      return StageStatus.notReady("connecting to Kafka at " + settings.bootstrapServers());
    }
    if (producer.failed()) {
      return StageStatus.down(producer.failure());
    }
    if (counters.inFlight() > 0 && KafkaConnections.open(producer.kafkaMetrics()) == 0) {
      return StageStatus.notReady(counters.inFlight() + " lines in flight, no connection to Kafka");
    }
    return StageStatus.ready("sending to " + settings.topic());
  }

  /** Live counts, readable from any thread. */
  public DeliveryCounters counters() {
    return counters;
  }

  /** Asks the run to stop reading, flush and finish; returns at once. */
  public void stop() {
    stop.stop();
  }

  public boolean isStopRequested() {
    return stop.isStopped();
  }

  /** Whether the run has finished (its summary is available). */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /** The summary once the run has finished, else null. */
  public IngestSummary summary() {
    return summary;
  }

  /**
   * Waits for the end of the run.
   *
   * @return the summary, or null if the run did not finish within {@code timeout}
   */
  public IngestSummary awaitSummary(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? summary : null;
  }

  /** What the run reads, for logs. */
  public String describe() {
    return source.describe();
  }

  @Override
  public void run() {
    if (started) {
      throw new IllegalStateException("an IngestRun runs once");
    }
    started = true;
    long t0 = System.nanoTime();
    Outcome outcome = Outcome.COMPLETED;
    String error = null;
    LineProducer producer = null;
    try {
      source.open();
      if (settings.connectTimeout() != null) {
        BrokerCheck.await(
            settings.bootstrapServers(), settings.overrides(), settings.connectTimeout());
      }
      producer = new LineProducer(settings, counters);
      if (registry != null) {
        producer.bindMeters(registry);
      }
      int partitions = producer.checkTopic();
      sending = producer;
      log.info(
          "Sending to {} ({} partitions) at {}: {}",
          settings.topic(),
          partitions,
          settings.bootstrapServers(),
          source.describe());
      source.sendAll(producer, stop);
      if (stop.isStopped()) {
        outcome = Outcome.STOPPED;
        producer.close(ProducerSettings.STOP_FLUSH_TIMEOUT);
      } else {
        producer.flush();
      }
      if (producer.failed()) {
        outcome = Outcome.DELIVERY_FAILED;
        error = producer.failure();
      } else if (source.fileReports().stream().anyMatch(InputFileReport::damaged)) {
        outcome = Outcome.INPUT_ERROR;
        error =
            source.fileReports().stream()
                .filter(InputFileReport::damaged)
                .map(InputFileReport::render)
                .collect(java.util.stream.Collectors.joining("; "));
      }
    } catch (BrokerUnreachableException e) {
      outcome = Outcome.DELIVERY_FAILED;
      error = e.getMessage();
    } catch (InterruptedException e) {
      outcome = Outcome.STOPPED;
      error = "interrupted";
      Thread.currentThread().interrupt();
    } catch (InputFileException e) {
      outcome = Outcome.INPUT_ERROR;
      error = e.getMessage();
    } catch (IOException e) {
      outcome = Outcome.INPUT_ERROR;
      error = "cannot read input: " + e.getMessage();
    } catch (DeliveryFailedException e) {
      outcome = Outcome.DELIVERY_FAILED;
      error = e.getMessage();
    } catch (IllegalArgumentException e) {
      outcome = Outcome.CONFIG_ERROR;
      error = e.getMessage();
    } catch (InterruptException e) {
      outcome = Outcome.STOPPED;
      error = "interrupted";
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      outcome = Outcome.DELIVERY_FAILED;
      error = e.toString();
      log.error("Ingest run failed", e);
    } finally {
      List<String> origins = List.of();
      if (producer != null) {
        producer.close(ProducerSettings.STOP_FLUSH_TIMEOUT);
        origins = producer.oversizeOrigins();
        if (error == null && producer.failed()) {
          outcome = Outcome.DELIVERY_FAILED;
          error = producer.failure();
        }
      }
      summary =
          new IngestSummary(
              outcome,
              counters.sent(),
              counters.acknowledged(),
              counters.failed(),
              counters.oversize(),
              Duration.ofNanos(System.nanoTime() - t0),
              error,
              origins,
              source.fileReports());
      done.countDown();
    }
  }
}
