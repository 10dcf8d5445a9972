package io.logpipe.embedded;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster running inside this JVM on free loopback ports, without ZooKeeper: one KRaft
 * node by default, or several ({@link #startCluster}), each a combined broker and controller with
 * its own ports and log directory and a vote in the controller quorum. Configured so that
 * idempotent and transactional producers and exactly-once Kafka Streams work: on one node every
 * replication factor is 1; on three, every topic it creates, the internal ones included, has 3
 * replicas and {@code min.insync.replicas} 2, so one node may fail without losing an acknowledged
 * write or stopping producers with {@code acks=all}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopic("logs_raw", 3);
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  static final int START_ATTEMPTS = 3;

  private final List<KafkaNode> nodes;
  private final Path dir;
  private final boolean deleteDirOnClose;
  private final Map<String, String> overrides;
  private Duration startupTime = Duration.ZERO;
  private boolean closed;

  private EmbeddedKafka(
      List<KafkaNode> nodes, Path dir, boolean deleteDirOnClose, Map<String, String> overrides) {
    this.nodes = List.copyOf(nodes);
    this.dir = dir;
    this.deleteDirOnClose = deleteDirOnClose;
    this.overrides = Map.copyOf(overrides);
  }

  /** Starts a broker in a fresh temporary directory that is deleted on {@link #close()}. */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a broker in a fresh temporary directory with broker properties overriding the defaults.
   */
  public static EmbeddedKafka start(Map<String, String> overrides) {
    return start(tempDir(), true, overrides);
  }

  /**
   * Starts a broker whose log directory is {@code logDir} (created and formatted if needed).
   *
   * @param deleteLogDirOnClose whether {@link #close()} removes {@code logDir}
   */
  public static EmbeddedKafka start(
      Path logDir, boolean deleteLogDirOnClose, Map<String, String> overrides) {
    return start(logDir, deleteLogDirOnClose, overrides, FreePorts::next);
  }

  /**
   * {@code ports} supplies the broker port, then the controller port, for each attempt (tests pass
   * taken ones).
   */
  static EmbeddedKafka start(
      Path logDir, boolean deleteLogDirOnClose, Map<String, String> overrides, IntSupplier ports) {
    return start(1, logDir, deleteLogDirOnClose, overrides, ports);
  }

  /** Starts {@code size} nodes in a fresh temporary directory that is deleted on close. */
  public static EmbeddedKafka startCluster(int size) {
    return startCluster(size, tempDir(), true, Map.of());
  }

  /**
   * Starts {@code size} nodes (1 to 9), node {@code n} (from 1) with its log directory {@code
   * dir/node-n}, all of them at once (a broker waits for a quorum of controllers).
   *
   * @param overrides broker properties every node gets over the defaults
   */
  public static EmbeddedKafka startCluster(
      int size, Path dir, boolean deleteDirOnClose, Map<String, String> overrides) {
    if (size < 1 || size > 9) {
      throw new IllegalArgumentException("a cluster has 1 to 9 nodes, not " + size);
    }
    return start(size, dir, deleteDirOnClose, overrides, FreePorts::next);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("logpipe-kafka-");
    } catch (IOException e) {
      throw new EmbeddedStartException(
          "Cannot create a temporary directory for the embedded Kafka broker", e);
    }
  }

  private static EmbeddedKafka start(
      int size,
      Path dir,
      boolean deleteDirOnClose,
      Map<String, String> overrides,
      IntSupplier ports) {
    long t0 = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      // Why retry: FreePorts releases a port before the broker binds it, so on a busy machine
      // another process can take it in between. A bind error is then worth new ports; any other
      // failure is not.
      List<KafkaNode> nodes = new ArrayList<>();
      for (int id = 1; id <= size; id++) {
        int brokerPort = ports.getAsInt();
        int controllerPort = ports.getAsInt();
        Path logDir = size == 1 ? dir : dir.resolve("node-" + id);
        nodes.add(new KafkaNode(id, brokerPort, controllerPort, logDir));
      }
      EmbeddedKafka kafka = new EmbeddedKafka(nodes, dir, deleteDirOnClose, overrides);
      try {
        kafka.startAll();
        kafka.startupTime = Duration.ofNanos(System.nanoTime() - t0);
        log.info(
            "Embedded Kafka (KRaft, {} node{}) up at {} in {} ms, log dir {}",
            size,
            size == 1 ? "" : "s",
            kafka.bootstrapServers(),
            kafka.startupTime.toMillis(),
            dir);
        return kafka;
      } catch (RuntimeException e) {
        if (attempt >= START_ATTEMPTS || !isBindError(e)) {
          throw e;
        }
        log.warn(
            "Embedded Kafka: a port of {} was taken before the broker could bind it; retrying on"
                + " new ports (attempt {} of {})",
            kafka.bootstrapServers(),
            attempt + 1,
            START_ATTEMPTS);
      }
    }
  }

  /**
   * Formats and starts every node, each on a thread of its own, and waits until all of them serve;
   * on any failure it stops what it started and removes a throwaway directory.
   */
  private void startAll() {
    String clusterId = Uuid.randomUuid().toString();
    try {
      for (KafkaNode node : nodes) {
        node.format(clusterId);
      }
    } catch (Exception e) {
      close();
      throw new EmbeddedStartException(
          "Cannot format Kafka log directory " + dir + ": " + e.getMessage(), e);
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> starters = new ArrayList<>();
    for (KafkaNode node : nodes) {
      Thread t =
          new Thread(
              () -> {
                try {
                  node.start(nodeConfig(node));
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "logpipe-kafka-start-" + node.id());
      starters.add(t);
      t.start();
    }
    try {
      for (Thread t : starters) {
        t.join();
      }
      if (failures.isEmpty()) {
        awaitReady(nodes.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(e);
    } catch (RuntimeException e) {
      failures.add(e);
    }
    if (failures.isEmpty()) {
      return;
    }
    Throwable first = failures.get(0);
    // A half-started cluster (e.g. a controller up, a broker failed to bind) still has threads:
    // stop them, and drop a throwaway directory so that a retry formats a fresh one.
    try {
      close();
    } catch (RuntimeException suppressed) {
      first.addSuppressed(suppressed);
    }
    if (first instanceof RuntimeException r) {
      throw r;
    }
    if (first instanceof Error err) {
      throw err;
    }
    throw new EmbeddedStartException(
        "Embedded Kafka broker failed to start: " + first.getMessage(), first);
  }

  private Map<String, String> nodeConfig(KafkaNode node) {
    String voters = String.join(",", nodes.stream().map(KafkaNode::voter).toList());
    Map<String, String> props = node.config(voters, nodes.size());
    props.putAll(overrides);
    return props;
  }

  private static boolean isBindError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof BindException
          || message.contains("Address already in use")
          || message.contains("failed to bind")) {
        return true;
      }
    }
    return false;
  }

  /** Waits until {@code expected} brokers are registered, unfenced and answering. */
  private void awaitReady(int expected) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= expected) {
            return;
          }
        } catch (Exception e) {
          last = e;
        }
        LockSupport.parkNanos(20_000_000L); // pace retries that fail fast
      }
    }
    throw new EmbeddedStartException(
        "Embedded Kafka broker did not become ready within "
            + READY_TIMEOUT.toSeconds()
            + " s at "
            + bootstrapServers(),
        last);
  }

  /**
   * {@code host:port} of the PLAINTEXT listener of every node, comma-separated: clients find the
   * running ones among them.
   */
  public String bootstrapServers() {
    return String.join(",", nodes.stream().map(KafkaNode::address).toList());
  }

  /** How many nodes the cluster has, running or stopped. */
  public int size() {
    return nodes.size();
  }

  /** The replication factor and min ISR of the topics it creates (and of the internal ones). */
  public short replicationFactor() {
    return (short) Math.min(nodes.size(), 3);
  }

  /** How long start-up took, format included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** The log directory of a one-node broker, the parent of the nodes' directories in a cluster. */
  public Path logDir() {
    return dir;
  }

  /** A new admin client for this cluster; the caller closes it. */
  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  /** Creates a topic replicated to every node (up to 3); an existing topic is left as it is. */
  public void createTopic(String name, int partitions) {
    createTopics(List.of(new NewTopic(name, partitions, replicationFactor())));
  }

  /**
   * Creates topics; existing ones are left as they are. Returns once every partition has a leader
   * that answers offset requests: a producer writing to a partition whose leader is still being
   * elected can see NOT_LEADER_OR_FOLLOWER and, with idempotence, a sequence error on the retry.
   */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics on " + bootstrapServers(), e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var d :
            admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
          for (var p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
              throw new IllegalStateException(
                  "partition " + d.name() + "-" + p.partition() + " has no leader yet");
            }
            latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
          }
        }
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        last = e; // leader election in progress: ask again
      }
      LockSupport.parkNanos(20_000_000L); // pace retries that fail fast
    }
    throw new IllegalStateException(
        "Topics " + names + " have no partition leaders after " + READY_TIMEOUT, last);
  }

  private KafkaNode node(int id) {
    if (id < 1 || id > nodes.size()) {
      throw new IllegalArgumentException(
          "no node " + id + ": the cluster has nodes 1 to " + nodes.size());
    }
    return nodes.get(id - 1);
  }

  /** The PLAINTEXT {@code host:port} of node {@code id} (from 1). */
  public String bootstrapServers(int id) {
    return node(id).address();
  }

  /** Whether node {@code id} runs (it was not stopped, or was started again). */
  public boolean isRunning(int id) {
    return node(id).running();
  }

  /**
   * Stops node {@code id}'s broker and controller; the others go on. In a cluster a node does not
   * hand its partition leaderships over first: the others see it vanish, as after a crash, and the
   * controller fences it when its heartbeats stop ({@code broker.session.timeout.ms}).
   */
  public synchronized void stopNode(int id) {
    KafkaNode node = node(id);
    if (closed || !node.running()) {
      throw new IllegalStateException("node " + id + " is not running");
    }
    node.stop();
    log.info("Embedded Kafka node {} at {} stopped", id, node.address());
  }

  /**
   * As {@link #stopNode} and, in addition, forgets that the node shut down cleanly: its restart
   * recovers its logs as after a crash. (A node in this JVM cannot receive SIGKILL.)
   */
  public synchronized void killNode(int id) {
    stopNode(id);
    node(id).forgetCleanShutdown();
  }

  /**
   * Starts a stopped node again on its ports and log directory, and returns once the cluster lists
   * it among its unfenced brokers; clients that knew its address reconnect by themselves.
   *
   * @return how long it took
   */
  public synchronized Duration restartNode(int id) {
    KafkaNode node = node(id);
    if (closed || node.running()) {
      throw new IllegalStateException("node " + id + " is running or the cluster closed");
    }
    long t0 = System.nanoTime();
    try {
      node.start(nodeConfig(node));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new EmbeddedStartException(
          "Embedded Kafka node " + id + " failed to restart: " + e.getMessage(), e);
    }
    awaitReady(runningNodes());
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    log.info("Embedded Kafka node {} at {} up again in {} ms", id, node.address(), took.toMillis());
    return took;
  }

  private int runningNodes() {
    return (int) nodes.stream().filter(KafkaNode::running).count();
  }

  /**
   * Starts a stopped cluster again on the same ports and log directories, as an outage that ends:
   * clients that knew the old addresses reconnect by themselves. Only for a cluster started with a
   * kept log directory.
   */
  public synchronized EmbeddedKafka restart() {
    if (!closed || deleteDirOnClose) {
      throw new IllegalStateException(
          "restart() needs a stopped broker whose log directory was kept");
    }
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = new EmbeddedKafka(nodes, dir, false, overrides);
    kafka.startAll();
    kafka.startupTime = Duration.ofNanos(System.nanoTime() - t0);
    return kafka;
  }

  /** Stops every node, waits for their threads, and deletes a temporary log directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // All at once: a node stopping alone waits for the quorum the others have already left.
    List<Thread> stoppers = new ArrayList<>();
    for (KafkaNode node : nodes) {
      Thread t = new Thread(node::stop, "logpipe-kafka-stop-" + node.id());
      stoppers.add(t);
      t.start();
    }
    boolean interrupted = false;
    for (Thread t : stoppers) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (deleteDirOnClose) {
      Directories.deleteRecursively(dir);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    log.info("Embedded Kafka at {} stopped", bootstrapServers());
  }
}
