package io.logpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    // Threads end asynchronously after shutdown returns; poll with a deadline.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Set<String> leaked = leakedBrokerThreads(before);
    while (!leaked.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100); // polling interval, not synchronisation: the loop condition decides
      leaked = leakedBrokerThreads(before);
    }
    assertThat(leaked).as("broker threads still alive after close of %s", bootstrap).isEmpty();
  }

  private static Set<String> leakedBrokerThreads(Set<String> before) {
    return threadNames().stream()
        .filter(n -> !before.contains(n))
        .filter(n -> n.contains("kafka") || n.contains("raft") || n.contains("broker") || n.contains("controller")
            || n.contains("data-plane") || n.contains("Processor"))
        .collect(Collectors.toSet());
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
