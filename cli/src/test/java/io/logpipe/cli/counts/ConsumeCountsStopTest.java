package io.logpipe.cli.counts;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Ctrl-C while consume-counts waits for a dead broker: one line saying so (it printed "cannot read
 * ...: null").
 */
class ConsumeCountsStopTest {

  private static final String DEAD_BROKER = "127.0.0.1:1";

  @Test
  void ctrlCInConsumeCountsSaysItStoppedNotNull() throws Exception {
    // A long connect check, so that the stop (what the Ctrl-C hook does) finds the command waiting
    // for Kafka.
    StringWriter err = new StringWriter();
    var command = new ConsumeCountsCommand();
    CommandLine cl = new CommandLine(command);
    cl.setErr(new PrintWriter(err, true));
    int[] exit = {-1};
    Thread worker =
        new Thread(() -> exit[0] = cl.execute("-b", DEAD_BROKER, "--connect-timeout", "60s"));
    worker.start();
    Await.until(
        Duration.ofSeconds(10), "the command waiting for Kafka", () -> blockedInKafka(worker));
    assertThat(blockedInKafka(worker)).as("the command waits for the dead broker").isTrue();
    long stoppedAt = System.nanoTime();
    command.stop();
    worker.join(Duration.ofSeconds(10).toMillis());

    assertThat(worker.isAlive()).as("stopped within 10 s").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(10));
    assertThat(exit[0]).isEqualTo(130);
    assertThat(err.toString().lines().filter(l -> !l.isBlank()).toList())
        .singleElement()
        .asString()
        .isEqualTo(
            "consume-counts: stopped by Ctrl-C while waiting for Kafka at "
                + DEAD_BROKER
                + "; 0 records printed")
        .doesNotContain("null");
  }

  /** Whether the thread is inside the connect check's wait for the admin client's answer. */
  private static boolean blockedInKafka(Thread t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().endsWith("BrokerCheck")) {
        return t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING;
      }
    }
    return false;
  }
}
