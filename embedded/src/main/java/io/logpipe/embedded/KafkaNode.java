package io.logpipe.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One KRaft node of an {@link EmbeddedKafka}: broker and controller in one {@link KafkaRaftServer},
 * with its own ports and log directory, which survive a stop so that it can start again as the same
 * node.
 */
final class KafkaNode {

  /** Kafka writes this file into a log directory on a clean shutdown; a crash leaves none. */
  private static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";

  private final int id;
  private final int brokerPort;
  private final int controllerPort;
  private final Path logDir;
  private volatile KafkaRaftServer server;

  KafkaNode(int id, int brokerPort, int controllerPort, Path logDir) {
    this.id = id;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.logDir = logDir;
  }

  int id() {
    return id;
  }

  int brokerPort() {
    return brokerPort;
  }

  /** {@code id@host:port} of its controller listener, as {@code controller.quorum.voters} lists. */
  String voter() {
    return id + "@127.0.0.1:" + controllerPort;
  }

  String address() {
    return "127.0.0.1:" + brokerPort;
  }

  Path logDir() {
    return logDir;
  }

  boolean running() {
    return server != null;
  }

  /**
   * The node's settings for a cluster of {@code size} nodes whose voters are {@code voters}: every
   * topic, the internal ones included, is replicated to all nodes up to 3, and an acknowledged
   * write needs two in-sync copies once there are three.
   */
  Map<String, String> config(String voters, int size) {
    String replicas = String.valueOf(Math.min(size, 3));
    String minIsr = size >= 3 ? "2" : "1";
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(id));
    p.put("controller.quorum.voters", voters);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("offsets.topic.replication.factor", replicas);
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", minIsr);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    // Small segments keep test directories small; retention is irrelevant for a throwaway broker.
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    if (size > 1) {
      // A stop is a failure as the cluster sees it: the node does not hand its leaderships over
      // first (controlled shutdown); the controller fences it when its heartbeats stop.
      p.put("controlled.shutdown.enable", "false");
      // Three nodes share this JVM's heap and two cores: fewer threads and a smaller log-cleaner
      // buffer (128 MB each by default) than a dedicated server's.
      p.put("num.io.threads", "2");
      p.put("num.network.threads", "2");
      p.put("background.threads", "2");
      p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    }
    return p;
  }

  /** Writes {@code meta.properties} into a new log directory; a formatted one is left as it is. */
  void format(String clusterId) throws Exception {
    Files.createDirectories(logDir);
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return; // already formatted: a restart on a kept directory
    }
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(id)
        .setClusterId(clusterId)
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .run();
  }

  /**
   * Starts the node's server; blocks until its broker has caught up with the metadata, which in a
   * cluster needs a quorum of controllers up. On a failure the half-started server is stopped.
   */
  void start(Map<String, String> config) throws Throwable {
    KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    server = s;
    try {
      s.startup();
    } catch (Throwable e) { // Scala code may throw checked exceptions too
      stop();
      throw e;
    }
  }

  /** Stops broker and controller and waits for their threads; nothing when it is not running. */
  synchronized void stop() {
    KafkaRaftServer s = server;
    if (s == null) {
      return;
    }
    server = null;
    s.shutdown();
    s.awaitShutdown();
  }

  /**
   * Drops the clean-shutdown markers of a stopped node, so that its next start recovers its logs as
   * after a crash instead of trusting them.
   */
  void forgetCleanShutdown() {
    try (Stream<Path> files = Files.walk(logDir, 1)) {
      for (Path f : files.filter(f -> f.endsWith(CLEAN_SHUTDOWN_FILE)).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reset " + logDir, e);
    }
  }
}
