package io.logpipe.sink.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.sink.app.HdfsSinkMain;
import io.logpipe.testkit.Await;
import io.logpipe.testkit.ChildJvm;
import java.net.URI;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * The sink as a JVM of its own on the test's class path, as the crash and restart tests kill and
 * restart it. Files every half second or 2,000 rows, so that the time to a first file after a start
 * is mostly recovery, not rotation.
 */
public final class SinkProcess {

  private SinkProcess() {}

  /**
   * Waits until the lake holds {@code rows} committed rows; the sink process ending first fails the
   * wait at once.
   */
  public static void awaitLakeRows(
      Process sink, URI lake, Configuration conf, long rows, Duration timeout) throws Exception {
    Await.until(
        timeout,
        rows + " rows in the lake",
        () -> {
          assertThat(sink.isAlive()).as("sink process alive, see its log").isTrue();
          return Lineage.committedRows(lake, conf) >= rows;
        });
  }

  /** The sink of {@code topic} into {@code lake} in {@code group}; callers add their options. */
  public static ChildJvm of(EmbeddedKafka kafka, URI lake, String topic, String group) {
    return ChildJvm.mainClass(HdfsSinkMain.class)
        .options("-Dlogback.configurationFile=logback.xml")
        .args(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--lake",
            lake.toString(),
            "--topic",
            topic,
            "--group-id",
            group,
            "--rotate-records",
            "2000",
            "--rotate-age",
            "PT0.5S",
            "--allowed-lateness",
            "PT1M");
  }
}
