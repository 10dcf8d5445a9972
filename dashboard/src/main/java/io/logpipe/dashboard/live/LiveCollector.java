package io.logpipe.dashboard.live;

import io.logpipe.dashboard.DashboardConfig;
import io.logpipe.dashboard.lake.LakeScanner;
import io.logpipe.dashboard.lake.LakeView;
import io.logpipe.schemas.AvroSerde;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.schemas.RejectedLine;
import io.logpipe.schemas.StatusCount;
import io.logpipe.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects {@link LiveSnapshot}s on one thread and hands them to the listeners (the page's event
 * streams): a full one every interval (offsets, lag, dead letters, the lake), and in between, as
 * soon as new status counts arrive, the previous one with the new counts (at most one per {@link
 * #MIN_PUSH_GAP}), so that a window's final count reaches the page within a fraction of a second
 * rather than up to an interval later. A broker outage or an unreadable lake becomes part of the
 * snapshot; nothing here stops the thread.
 */
public final class LiveCollector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveCollector.class);

  /**
   * Per full tick, how long the dead-letter reader may take in records before the snapshot goes
   * out.
   */
  private static final Duration DRAIN_BUDGET = Duration.ofMillis(100);

  /** How long one wait for new status counts lasts between full ticks. */
  private static final Duration COUNTS_WAIT = Duration.ofMillis(100);

  /**
   * Least time between two pushes of new status counts: live counts may change many times a second.
   */
  static final Duration MIN_PUSH_GAP = Duration.ofMillis(200);

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final DashboardConfig config;
  private final Clock clock;
  private final LakeScanner lake;
  private final Supplier<Instant> batchRunAt;
  private final KafkaProbe probe;
  private final TopicTail counts;
  private final TopicTail rejected;
  private final StatusWindows windows;
  private final RejectTally rejects = new RejectTally(20);
  private final AvroSerde<StatusCount> countSerde = LogpipeSerdes.statusCount();
  private final AvroSerde<RejectedLine> rejectSerde = LogpipeSerdes.rejectedLine();
  private final List<Consumer<LiveSnapshot>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<LiveSnapshot> latest = new AtomicReference<>();
  private final Thread thread = new Thread(this::run, "logpipe-dashboard-collector");
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Map<String, Long> previousTotals;
  private long previousNanos;
  private boolean reachable = true;
  private String problem;
  private Instant since;

  public LiveCollector(
      DashboardConfig config, LakeScanner lake, Supplier<Instant> batchRunAt, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.lake = lake;
    this.batchRunAt = batchRunAt;
    this.windows = new StatusWindows(config.windows());
    this.probe = new KafkaProbe(config.bootstrapServers(), config.kafkaProperties(), PROBE_TIMEOUT);
    this.counts =
        new TopicTail(
            List.of(Topics.STATUS_COUNTS, Topics.STATUS_COUNTS_LIVE),
            config.bootstrapServers(),
            config.kafkaProperties());
    this.rejected =
        new TopicTail(
            List.of(Topics.REJECTED), config.bootstrapServers(), config.kafkaProperties());
    this.since = clock.instant();
  }

  /** Starts collecting: the first snapshot at once, then one per interval and one on new counts. */
  public void start() {
    thread.setDaemon(true);
    thread.start();
  }

  /** Called on the collector thread with each new snapshot; must not block. */
  public void addListener(Consumer<LiveSnapshot> listener) {
    listeners.add(listener);
  }

  /** The newest snapshot, null before the first one. */
  public LiveSnapshot latest() {
    return latest.get();
  }

  private void run() {
    long nextFull = System.nanoTime();
    long lastPush = 0;
    boolean newCounts = false;
    while (stopped.getCount() > 0) {
      try {
        if (System.nanoTime() - nextFull >= 0) {
          nextFull = System.nanoTime() + config.interval().toNanos();
          publish(tick());
          lastPush = System.nanoTime();
          newCounts = false;
        } else if (!reachable) {
          stopped.await(
              Math.max(0, nextFull - System.nanoTime()),
              TimeUnit.NANOSECONDS); // wait for the next probe
        } else {
          newCounts |= counts.drain(COUNTS_WAIT, r -> decodeCount(r.topic(), r.value())) > 0;
          LiveSnapshot previous = latest.get();
          if (newCounts
              && previous != null
              && System.nanoTime() - lastPush >= MIN_PUSH_GAP.toNanos()) {
            publish(withCounts(previous));
            lastPush = System.nanoTime();
            newCounts = false;
          }
        }
      } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
        return; // closing
      } catch (KafkaException e) {
        broker(false, e.getMessage()); // the next full tick probes again
      } catch (RuntimeException e) {
        // A bug in one update must not end the updates: the next one tries again.
        log.warn("dashboard: a live update failed: {}", e.toString(), e);
      }
    }
  }

  private void publish(LiveSnapshot snapshot) {
    latest.set(snapshot);
    for (Consumer<LiveSnapshot> l : listeners) {
      l.accept(snapshot);
    }
  }

  private LiveSnapshot withCounts(LiveSnapshot s) {
    return new LiveSnapshot(
        clock.instant(),
        s.broker(),
        windows.view(),
        s.rates(),
        s.rejects(),
        s.lag(),
        s.lake(),
        s.owners(),
        s.batchRunAt());
  }

  LiveSnapshot tick() {
    Map<String, LiveSnapshot.TopicRate> rates = new LinkedHashMap<>();
    Map<String, LiveSnapshot.GroupLag> lag = new HashMap<>();
    List<StageOwners> owners = new ArrayList<>();
    try {
      Map<TopicPartition, Long> end =
          probe.endOffsets(
              List.of(
                  DashboardConfig.RAW_TOPIC,
                  DashboardConfig.CURATED_TOPIC,
                  DashboardConfig.REJECTED_TOPIC));
      rates.putAll(rates(end));
      for (String group : List.of(config.processorGroup(), config.sinkGroup())) {
        lag.put(group, groupLag(group));
      }
      // Read every tick, so a rebalance shows within an interval of its end.
      owners.add(owners("processor", config.processorGroup(), DashboardConfig.RAW_TOPIC, end));
      owners.add(owners("sink", config.sinkGroup(), DashboardConfig.CURATED_TOPIC, end));
      rejected.drain(DRAIN_BUDGET, r -> decodeReject(r.topic(), r.value()));
      broker(true, null);
    } catch (KafkaProbe.ProbeException | KafkaException e) {
      broker(false, e.getMessage());
      previousTotals = null; // no rate across an outage
      owners.clear();
    }
    LakeView lakeView = lake.scan();
    return new LiveSnapshot(
        clock.instant(),
        new LiveSnapshot.BrokerView(config.bootstrapServers(), reachable, problem, since),
        windows.view(),
        new LiveSnapshot.RatesView(rates),
        rejects.view(),
        lag,
        lakeView,
        owners,
        batchRunAt.get());
  }

  private StageOwners owners(
      String stage, String group, String topic, Map<TopicPartition, Long> end)
      throws KafkaProbe.ProbeException {
    int partitions = (int) end.keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
    try {
      return StageOwners.of(stage, topic, partitions, probe.describeGroup(group));
    } catch (KafkaProbe.ProbeException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return StageOwners.unknown(
            stage, group, topic, "no such group yet (no instance of the stage has joined)");
      }
      throw e;
    }
  }

  private LiveSnapshot.GroupLag groupLag(String group) throws KafkaProbe.ProbeException {
    Map<String, Long> byTopic = probe.lag(group);
    if (byTopic.isEmpty()) {
      return new LiveSnapshot.GroupLag(
          group,
          null,
          Map.of(),
          "no committed offsets (the stage has not started or " + "committed yet)");
    }
    long total = byTopic.values().stream().mapToLong(Long::longValue).sum();
    return new LiveSnapshot.GroupLag(group, total, byTopic, null);
  }

  private Map<String, LiveSnapshot.TopicRate> rates(Map<TopicPartition, Long> end) {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (String topic :
        List.of(
            DashboardConfig.RAW_TOPIC,
            DashboardConfig.CURATED_TOPIC,
            DashboardConfig.REJECTED_TOPIC)) {
      totals.put(topic, 0L);
    }
    end.forEach((tp, offset) -> totals.merge(tp.topic(), offset, Long::sum));
    long now = System.nanoTime();
    Map<String, LiveSnapshot.TopicRate> out = new LinkedHashMap<>();
    double seconds = (now - previousNanos) / 1e9;
    totals.forEach(
        (topic, total) -> {
          Double perSecond = null;
          if (previousTotals != null && previousTotals.containsKey(topic) && seconds > 0) {
            perSecond = Math.max(0, total - previousTotals.get(topic)) / seconds;
          }
          out.put(topic, new LiveSnapshot.TopicRate(total, perSecond));
        });
    previousTotals = totals;
    previousNanos = now;
    return out;
  }

  private void decodeCount(String topic, byte[] value) {
    try {
      StatusCount c = countSerde.deserialize(topic, value);
      if (c != null) {
        windows.add(c);
      }
    } catch (RuntimeException e) {
      windows.undecodable(); // counted and shown, never silently skipped
    }
  }

  private void decodeReject(String topic, byte[] value) {
    try {
      RejectedLine line = rejectSerde.deserialize(topic, value);
      if (line != null) {
        rejects.add(line);
      }
    } catch (RuntimeException e) {
      rejects.undecodable();
    }
  }

  private void broker(boolean up, String error) {
    if (up != reachable) {
      since = clock.instant();
      if (up) {
        log.info("dashboard: broker {} answers again", config.bootstrapServers());
      } else {
        log.warn("dashboard: broker {} does not answer: {}", config.bootstrapServers(), error);
      }
    }
    reachable = up;
    problem = up ? null : error;
  }

  @Override
  public void close() {
    stopped.countDown();
    try {
      thread.join(5_000); // its waits are at most COUNTS_WAIT or a probe's timeout
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    counts.close();
    rejected.close();
    probe.close();
  }
}
