package io.logpipe.cli.counts;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.logpipe.ingest.cli.DurationConverter;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.StatusCount;
import io.logpipe.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code logpipe consume-counts}: prints the aggregate topic as one JSON object per window and status, so a
 * user sees the windowed counts without writing a consumer.
 */
@Command(name = "consume-counts", mixinStandardHelpOptions = true,
    description = {"Print the status counts topic as JSON lines: one object per window and status.",
        "Reads with isolation.level=read_committed, from the beginning by default."})
public final class ConsumeCountsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = Topics.STATUS_COUNTS,
      description = "Topic to read (default: ${DEFAULT-VALUE}; the live updates are in " + Topics.STATUS_COUNTS_LIVE + ").")
  String topic;

  @Option(names = "--from-latest", description = "Start at the end of the topic instead of the beginning.")
  boolean fromLatest;

  @Option(names = "--max", description = "Stop after this many records.")
  Long max;

  /** Before the group has assigned partitions, the idle timeout is at least this long. */
  static final Duration JOIN_WAIT = Duration.ofSeconds(60);

  @Option(names = "--idle-timeout", converter = DurationConverter.class,
      description = {"Stop when no record arrives for this long, e.g. 10s (default: run until Ctrl-C).",
          "Counted from when the consumer is assigned its partitions and from the last record after that; until",
          "the group has assigned them (slow on a fresh broker) it waits at least 60 s."})
  Duration idleTimeout;

  @Option(names = "--consumer-property", description = "Extra consumer property key=value (repeatable).")
  java.util.Map<String, String> consumerProperties = new java.util.HashMap<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "logpipe-consume-counts-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromLatest ? "latest" : "earliest");
    props.putAll(consumerProperties);

    var deserializer = LogpipeSerdes.statusCount();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    long printed = 0;
    long malformed = 0;
    boolean[] assigned = {false}; // set by the rebalance listener, on this thread (inside poll)
    try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Thread hook = new Thread(() -> {
        stopping.set(true);
        consumer.wakeup();
        try {
          finished.await(5, TimeUnit.SECONDS); // let the summary print
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "consume-counts-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      // Fail fast, with a message, on a wrong address or topic instead of polling nothing forever.
      Duration metadataWait = idleTimeout != null && idleTimeout.compareTo(Duration.ofSeconds(30)) < 0
          ? idleTimeout : Duration.ofSeconds(30);
      if (consumer.partitionsFor(topic, metadataWait).isEmpty()) {
        err.println("consume-counts: topic " + topic + " does not exist on " + bootstrapServers);
        finished.countDown();
        return 1;
      }
      // Idle means "no record since assignment": the clock restarts when partitions are assigned, so a slow
      // group join (e.g. __consumer_offsets created on a fresh broker) does not eat the idle timeout.
      long[] lastRecord = {System.nanoTime()};
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          lastRecord[0] = System.nanoTime();
          assigned[0] = true;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }
      });
      try {
        while (!stopping.get() && (max == null || printed < max)) {
          var records = consumer.poll(Duration.ofMillis(500));
          if (records.isEmpty()) {
            if (idleTimeout != null && System.nanoTime() - lastRecord[0] > idleLimit(idleTimeout, assigned[0])) {
              if (!assigned[0]) {
                err.println("consume-counts: no partition of " + topic + " was assigned within "
                    + idleLimit(idleTimeout, false) / 1_000_000_000L + " s (consumer group "
                    + props.getProperty(ConsumerConfig.GROUP_ID_CONFIG) + ")");
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
              printed++;
            } catch (KafkaException e) {
              // Never silently dropped: said on stderr with the coordinates, counted in the summary.
              malformed++;
              err.printf("skipping undecodable record at %s-%d@%d: %s%n", record.topic(), record.partition(),
                  record.offset(), e.getMessage());
            }
            if (max != null && printed >= max) {
              break;
            }
          }
          out.flush();
        }
      } catch (WakeupException e) {
        // Ctrl-C: fall through to the summary.
      } finally {
        if (!stopping.get()) {
          Runtime.getRuntime().removeShutdownHook(hook);
        }
      }
    } catch (KafkaException e) {
      err.println("consume-counts: cannot read " + topic + " from " + bootstrapServers + ": " + e.getMessage());
      finished.countDown();
      return 1;
    }
    err.printf("consume-counts: %d records printed, %d undecodable%n", printed, malformed);
    err.flush();
    finished.countDown();
    return malformed == 0 && (idleTimeout == null || assigned[0]) ? 0 : 1;
  }

  /** Nanoseconds without a record after which to stop; before assignment at least 60 s for the group join. */
  static long idleLimit(Duration idleTimeout, boolean assigned) {
    Duration limit = assigned ? idleTimeout : max(idleTimeout, JOIN_WAIT);
    return limit.toNanos();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
