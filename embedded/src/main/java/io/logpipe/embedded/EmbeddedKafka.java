package io.logpipe.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (one process acting as KRaft controller and broker) running
 * inside this JVM on free loopback ports. No ZooKeeper. Configured so that idempotent and
 * transactional producers and exactly-once Kafka Streams work on one node.
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
  private static final int NODE_ID = 1;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  static final int START_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final Path logDir;
  private final boolean deleteLogDirOnClose;
  private final int brokerPort;
  private int controllerPort;
  private Map<String, String> overrides = Map.of();
  private Duration startupTime = Duration.ZERO;
  private boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server, Path logDir, boolean deleteLogDirOnClose, int brokerPort) {
    this.server = server;
    this.logDir = logDir;
    this.deleteLogDirOnClose = deleteLogDirOnClose;
    this.brokerPort = brokerPort;
  }

  /** Starts a broker in a fresh temporary directory that is deleted on {@link #close()}. */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a broker in a fresh temporary directory with broker properties overriding the defaults.
   */
  public static EmbeddedKafka start(Map<String, String> overrides) {
    try {
      return start(Files.createTempDirectory("logpipe-kafka-"), true, overrides);
    } catch (IOException e) {
      throw new EmbeddedStartException(
          "Cannot create a temporary directory for the embedded Kafka broker", e);
    }
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
    long t0 = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      // Why retry: FreePorts releases a port before the broker binds it, so on a busy machine
      // another process can
      // take it in between. A bind error is then worth a new pair of ports; any other failure is
      // not.
      int brokerPort = ports.getAsInt();
      int controllerPort = ports.getAsInt();
      try {
        EmbeddedKafka kafka =
            startOnce(logDir, deleteLogDirOnClose, overrides, brokerPort, controllerPort);
        kafka.startupTime = Duration.ofNanos(System.nanoTime() - t0);
        log.info(
            "Embedded Kafka (KRaft) up at {} in {} ms, log dir {}",
            kafka.bootstrapServers(),
            kafka.startupTime.toMillis(),
            logDir);
        return kafka;
      } catch (RuntimeException e) {
        if (attempt >= START_ATTEMPTS || !isBindError(e)) {
          throw e;
        }
        log.warn(
            "Embedded Kafka: port {} or {} was taken before the broker could bind it; retrying on new ports"
                + " (attempt {} of {})",
            brokerPort,
            controllerPort,
            attempt + 1,
            START_ATTEMPTS);
      }
    }
  }

  /**
   * One start on the given ports; on any failure it stops what it started and removes a throwaway
   * log dir.
   */
  private static EmbeddedKafka startOnce(
      Path logDir,
      boolean deleteLogDirOnClose,
      Map<String, String> overrides,
      int brokerPort,
      int controllerPort) {
    Map<String, String> props = brokerConfig(logDir, brokerPort, controllerPort);
    props.putAll(overrides);
    try {
      Files.createDirectories(logDir);
      format(logDir);
    } catch (Exception e) {
      throw new EmbeddedStartException(
          "Cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, deleteLogDirOnClose, brokerPort);
    kafka.controllerPort = controllerPort;
    kafka.overrides = Map.copyOf(overrides);
    try {
      server.startup();
      kafka.awaitReady();
      return kafka;
    } catch (Throwable e) { // Scala code may throw checked exceptions too
      // A half-started server (e.g. controller up, broker failed to bind) still has threads: stop
      // them, and
      // drop a throwaway directory so that a retry formats a fresh one.
      try {
        kafka.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
      throw new EmbeddedStartException(
          "Embedded Kafka broker failed to start: " + e.getMessage(), e);
    }
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

  static Map<String, String> brokerConfig(Path logDir, int brokerPort, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic must accept a replication factor and ISR of 1.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    // Small segments keep test directories small; retention is irrelevant for a throwaway broker.
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    return p;
  }

  private static void format(Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return; // already formatted: a restart on a kept directory
    }
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .run();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          last = e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(
            20_000_000L); // pace retries that fail fast
      }
    }
    throw new EmbeddedStartException(
        "Embedded Kafka broker did not become ready within "
            + READY_TIMEOUT.toSeconds()
            + " s at "
            + bootstrapServers(),
        last);
  }

  /** {@code host:port} of the broker's PLAINTEXT listener. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** How long start-up took, format included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** The broker's log directory. */
  public Path logDir() {
    return logDir;
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  /** Creates a topic with replication factor 1; an existing topic is left as it is. */
  public void createTopic(String name, int partitions) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
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
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // pace retries that fail fast
    }
    throw new IllegalStateException(
        "Topics " + names + " have no partition leaders after " + READY_TIMEOUT, last);
  }

  /**
   * Starts a stopped broker again on the same ports and log directory, as an outage that ends:
   * clients that knew the old address reconnect by themselves. Only for a broker started with a
   * kept log directory.
   */
  public synchronized EmbeddedKafka restart() {
    if (!closed || deleteLogDirOnClose) {
      throw new IllegalStateException(
          "restart() needs a stopped broker whose log directory was kept");
    }
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = startOnce(logDir, false, overrides, brokerPort, controllerPort);
    kafka.startupTime = Duration.ofNanos(System.nanoTime() - t0);
    return kafka;
  }

  /**
   * Stops the broker and controller, waits for their threads, and deletes a temporary log
   * directory.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (deleteLogDirOnClose) {
      Directories.deleteRecursively(logDir);
    }
    log.info("Embedded Kafka at {} stopped", bootstrapServers());
  }
}
