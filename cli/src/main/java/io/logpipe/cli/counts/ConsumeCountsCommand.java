package io.logpipe.cli.counts;

import io.logpipe.commandline.BrokerUnreachableException;
import io.logpipe.commandline.CommandConventions;
import io.logpipe.commandline.ConsumerProperties;
import io.logpipe.commandline.DurationConverter;
import io.logpipe.commandline.ExitCodes;
import io.logpipe.commandline.KafkaConnection;
import io.logpipe.commandline.TopicOption;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import io.logpipe.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe consume-counts}: prints the aggregate topic as one JSON object per window and
 * status, so a user sees the windowed counts without writing a consumer.
 */
@Command(
    name = "consume-counts",
    description = {
      "Print the status counts topic as JSON lines: one object per window and status.",
      "Reads with isolation.level=read_committed, from the beginning by default."
    },
    exitCodeList = {
      "0:done (Ctrl-C, --max or --idle-timeout reached)",
      ExitCodes.BROKER_LINE + ", or records that could not be decoded",
      ExitCodes.USAGE_LINE,
      "130:stopped by Ctrl-C before Kafka answered"
    },
    footer = {
      "  logpipe consume-counts -b localhost:9092 --idle-timeout 10s",
      "  logpipe consume-counts -t " + Topics.STATUS_COUNTS_LIVE + " --from-latest"
    })
public final class ConsumeCountsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CommandConventions conventions;

  @Mixin KafkaConnection kafka;

  /** The live updates are in {@value Topics#STATUS_COUNTS_LIVE}. */
  @Mixin TopicOption topic = new TopicOption(Topics.STATUS_COUNTS);

  @Mixin ConsumerProperties consumerProperties;

  @Option(
      names = "--from-latest",
      description = "Start at the end of the topic instead of the beginning.")
  boolean fromLatest;

  @Option(names = "--max", paramLabel = "N", description = "Stop after this many records.")
  Long max;

  /** Before the group has assigned partitions, the idle timeout is at least this long. */
  static final Duration JOIN_WAIT = Duration.ofSeconds(60);

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = {
        "Stop when no record arrives for this long, e.g. 10s (default: run until Ctrl-C).",
        "Counted from when the consumer is assigned its partitions and from the last record after that; until",
        "the group has assigned them (slow on a fresh broker) it waits at least 60 s."
      })
  Duration idleTimeout;

  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile Thread worker;

  @Override
  public Integer call() {
    worker = Thread.currentThread();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop();
              try {
                finished.await(5, TimeUnit.SECONDS); // let the summary print
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "consume-counts-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return consume(spec.commandLine().getOut(), spec.commandLine().getErr());
    } finally {
      Thread.interrupted(); // a stop() that came while we were leaving
      spec.commandLine().getErr().flush();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for the summary
      }
    }
  }

  /**
   * What Ctrl-C does: the consumer, or the wait for Kafka before it exists, stops and the summary
   * is printed.
   */
  void stop() {
    stopping.set(true);
    KafkaConsumer<byte[], byte[]> c = consumer;
    Thread w = worker;
    if (c != null) {
      c.wakeup();
    } else if (w != null) {
      w.interrupt();
    }
  }

  private int consume(PrintWriter out, PrintWriter err) {
    Properties props = new Properties();
    try {
      props.putAll(consumerProperties.load());
    } catch (IOException e) {
      err.println("consume-counts: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String servers = kafka.bootstrapServers();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "logpipe-consume-counts-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromLatest ? "latest" : "earliest");
    Counts counts = new Counts();
    try {
      Map<String, Object> clientProps = new HashMap<>();
      props.forEach((k, v) -> clientProps.put(k.toString(), v));
      kafka.awaitBroker(servers, clientProps);
    } catch (InterruptedException e) {
      return interrupted(err, counts);
    } catch (BrokerUnreachableException e) {
      if (stopping.get()) {
        return interrupted(err, counts);
      }
      err.println("consume-counts: " + e.getMessage());
      return ExitCodes.FAILED;
    } catch (IllegalArgumentException e) {
      err.println("consume-counts: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (stopping.get()) {
      return interrupted(err, counts);
    }
    try (var c =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      return read(c, props, out, err, counts);
    } catch (WakeupException | InterruptException e) {
      return interrupted(err, counts);
    } catch (KafkaException e) {
      if (stopping.get()) {
        return interrupted(err, counts);
      }
      err.println(
          "consume-counts: cannot read " + topic.topic() + " from " + servers + ": " + describe(e));
      return ExitCodes.FAILED;
    }
  }

  private int read(
      KafkaConsumer<byte[], byte[]> c,
      Properties props,
      PrintWriter out,
      PrintWriter err,
      Counts counts) {
    String name = topic.topic();
    // Fail fast, with a message, on a wrong topic instead of polling nothing forever.
    Duration metadataWait =
        idleTimeout != null && idleTimeout.compareTo(Duration.ofSeconds(30)) < 0
            ? idleTimeout
            : Duration.ofSeconds(30);
    if (c.partitionsFor(name, metadataWait).isEmpty()) {
      err.println(
          "consume-counts: topic " + name + " does not exist on " + kafka.bootstrapServers());
      return ExitCodes.FAILED;
    }
    var deserializer = LogpipeSerdes.statusCount();
    boolean[] assigned = {false}; // set by the rebalance listener, on this thread (inside poll)
    // Idle means "no record since assignment": the clock restarts when partitions are assigned, so
    // a slow
    // group join (e.g. __consumer_offsets created on a fresh broker) does not eat the idle timeout.
    long[] lastRecord = {System.nanoTime()};
    c.subscribe(
        List.of(name),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            lastRecord[0] = System.nanoTime();
            assigned[0] = true;
          }

          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
        });
    try {
      while (!stopping.get() && (max == null || counts.printed < max)) {
        var records = c.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          if (idleTimeout != null
              && System.nanoTime() - lastRecord[0] > idleLimit(idleTimeout, assigned[0])) {
            if (!assigned[0]) {
              err.println(
                  "consume-counts: no partition of "
                      + name
                      + " was assigned within "
                      + idleLimit(idleTimeout, false) / 1_000_000_000L
                      + " s (consumer group "
                      + props.getProperty(ConsumerConfig.GROUP_ID_CONFIG)
                      + ")");
            }
            break;
          }
          continue;
        }
        lastRecord[0] = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          try {
            StatusCount count = deserializer.deserialize(record.topic(), record.value());
            if (count == null) {
              continue;
            }
            out.println(StatusCountJson.format(count));
            counts.printed++;
          } catch (KafkaException e) {
            // Never silently dropped: said on stderr with the coordinates, counted in the summary.
            counts.malformed++;
            err.printf(
                "skipping undecodable record at %s-%d@%d: %s%n",
                record.topic(), record.partition(), record.offset(), e.getMessage());
          }
          if (max != null && counts.printed >= max) {
            break;
          }
        }
        out.flush();
      }
    } catch (WakeupException e) {
      // Ctrl-C while reading: the summary below, as for any other end.
    }
    err.printf(
        "consume-counts: %d records printed, %d undecodable%n", counts.printed, counts.malformed);
    return counts.malformed == 0 && (idleTimeout == null || assigned[0])
        ? ExitCodes.OK
        : ExitCodes.FAILED;
  }

  private int interrupted(PrintWriter err, Counts counts) {
    err.printf(
        "consume-counts: stopped by Ctrl-C while waiting for Kafka at %s; %d records printed%n",
        kafka.bootstrapServers(), counts.printed);
    return ExitCodes.INTERRUPTED;
  }

  /** The exception's message, or its class when it has none (a bare "null" says nothing). */
  private static String describe(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** What was printed so far. */
  private static final class Counts {
    long printed;
    long malformed;
  }

  /**
   * Nanoseconds without a record after which to stop; before assignment at least 60 s for the group
   * join.
   */
  static long idleLimit(Duration idleTimeout, boolean assigned) {
    Duration limit = assigned ? idleTimeout : max(idleTimeout, JOIN_WAIT);
    return limit.toNanos();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
