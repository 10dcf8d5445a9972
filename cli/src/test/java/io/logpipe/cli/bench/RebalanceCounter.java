package io.logpipe.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Rebalances the stages' group members went through, from the Kafka consumers' own {@code
 * rebalance-total} meter ({@code kafka.consumer:type=consumer-coordinator-metrics}; every consumer
 * that joins a group has one, Kafka Streams' main consumers included). A consumer unregisters its
 * meters when it closes, so they are sampled every {@link #EVERY_MS} ms while the run goes on and
 * the highest value per client id is kept: a rebalance in the last interval before a close is
 * missed.
 */
final class RebalanceCounter implements AutoCloseable {

  static final long EVERY_MS = 200;

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final Map<String, Double> highest = new ConcurrentHashMap<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread = new Thread(this::run, "bench-rebalance-counter");

  private RebalanceCounter() {}

  /** Starts sampling. */
  static RebalanceCounter start() {
    RebalanceCounter counter = new RebalanceCounter();
    counter.thread.setDaemon(true);
    counter.thread.start();
    return counter;
  }

  private void run() {
    try {
      do {
        sample();
      } while (!stop.await(EVERY_MS, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sample() {
    try {
      Set<ObjectName> names =
          server.queryNames(
              new ObjectName("kafka.consumer:type=consumer-coordinator-metrics,client-id=*"), null);
      for (ObjectName name : names) {
        Object value = server.getAttribute(name, "rebalance-total");
        if (value instanceof Number n) {
          highest.merge(name.getKeyProperty("client-id"), n.doubleValue(), Math::max);
        }
      }
    } catch (JMException | RuntimeException e) {
      // a consumer that closed between the query and the read: the next sample reads the others
    }
  }

  /**
   * The most rebalances any one consumer whose client id starts with {@code prefix} went through:
   * each rebalance of a group counts once for every member that took part, so the longest-lived
   * member's count is the group's (its first join included).
   */
  long groupRebalances(String prefix) {
    return Math.round(
        highest.entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix))
            .mapToDouble(Map.Entry::getValue)
            .max()
            .orElse(0));
  }

  /** The same summed over the stage's consumers: every member's joins. */
  long memberRebalances(String prefix) {
    return Math.round(
        highest.entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix))
            .mapToDouble(Map.Entry::getValue)
            .sum());
  }

  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    thread.join();
    sample(); // what is still registered
  }
}
