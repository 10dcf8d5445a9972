package io.logpipe.sink.support;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.sink.app.HdfsSinkMain;
import io.logpipe.testkit.ChildJvm;
import java.net.URI;

/**
 * The sink as a JVM of its own on the test's class path, as the crash and restart tests kill and
 * restart it. Files every half second or 2,000 rows, so that the time to a first file after a start
 * is mostly recovery, not rotation.
 */
public final class SinkProcess {

  private SinkProcess() {}

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
