package io.logpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.testkit.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaLifecycleIT {

  @Test
  void closeStopsBrokerThreadsAndDeletesItsDirectory() throws Exception {
    Set<String> before = threadNames();
    Path logDir;
    String bootstrap;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      logDir = kafka.logDir();
      bootstrap = kafka.bootstrapServers();
      kafka.createTopic("lifecycle", 2);
      try (var admin = kafka.admin()) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("lifecycle");
      }
      assertThat(Files.isDirectory(logDir)).isTrue();
    }

    assertThat(logDir).doesNotExist();
    assertNoLeakedBrokerThreads(before, "after close of " + bootstrap);
  }

  @Test
  void aPortTakenBeforeTheBrokerBindsIsRetriedOnNewPortsWithoutLeftovers() throws Exception {
    Set<String> before = threadNames();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int takenPort = taken.getLocalPort();
      // First attempt: the broker port is already bound by someone else (what the pick-then-bind
      // race leaves);
      // the controller binds first, so the failed attempt has threads and a formatted directory to
      // clean up.
      AtomicInteger calls = new AtomicInteger();
      IntSupplier ports = () -> calls.getAndIncrement() == 0 ? takenPort : FreePorts.next();
      Path logDir = Files.createTempDirectory("logpipe-kafka-retry-");
      try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, true, Map.of(), ports)) {
        assertThat(calls.get()).as("ports drawn: two attempts of two ports").isEqualTo(4);
        assertThat(kafka.bootstrapServers()).doesNotEndWith(":" + takenPort);
        kafka.createTopic("retried", 1);
      }
      assertThat(logDir).doesNotExist();
    }
    assertNoLeakedBrokerThreads(before, "after a retried start and close");
  }

  @Test
  void aPortTakenOnEveryAttemptFailsWithoutLeftovers() throws Exception {
    Set<String> before = threadNames();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int takenPort = taken.getLocalPort();
      AtomicInteger calls = new AtomicInteger();
      IntSupplier ports = () -> calls.getAndIncrement() % 2 == 0 ? takenPort : FreePorts.next();
      Path logDir = Files.createTempDirectory("logpipe-kafka-taken-");
      assertThatThrownBy(() -> EmbeddedKafka.start(logDir, true, Map.of(), ports))
          .hasStackTraceContaining(String.valueOf(takenPort));
      assertThat(calls.get()).isEqualTo(2 * EmbeddedKafka.START_ATTEMPTS);
      assertThat(logDir).doesNotExist();
    }
    assertNoLeakedBrokerThreads(before, "after a failed start");
  }

  private static void assertNoLeakedBrokerThreads(Set<String> before, String when)
      throws Exception {
    // Threads end asynchronously after shutdown returns.
    Set<String> leaked =
        Await.until(
            Duration.ofSeconds(30),
            "no broker thread alive " + when,
            () -> leakedBrokerThreads(before),
            Set::isEmpty);
    assertThat(leaked).as("broker threads still alive %s", when).isEmpty();
  }

  private static Set<String> leakedBrokerThreads(Set<String> before) {
    return threadNames().stream()
        .filter(n -> !before.contains(n))
        .filter(
            n ->
                n.contains("kafka")
                    || n.contains("raft")
                    || n.contains("broker")
                    || n.contains("controller")
                    || n.contains("data-plane")
                    || n.contains("Processor"))
        .collect(Collectors.toSet());
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
