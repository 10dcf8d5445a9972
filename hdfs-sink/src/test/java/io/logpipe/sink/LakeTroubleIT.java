package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedHdfs;
import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.fs.SinkStorageException;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.sink.support.Lineage;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HDFS misbehaving under the sink: a permanent error stops it cleanly, a NameNode restart is ridden
 * out.
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedHdfsExtension.class})
class LakeTroubleIT {

  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");

  @Test
  void permissionDeniedStopsTheSinkWithAClearErrorAndAcknowledgesNothing(
      EmbeddedKafka kafka, EmbeddedHdfs hdfs) throws Exception {
    String topic = "curated_denied";
    kafka.createTopic(topic, 1);
    URI lake = URI.create(hdfs.uri() + "/datalake/denied");
    try (FileSystem admin = hdfs.newFileSystem()) {
      admin.mkdirs(new Path(lake), new FsPermission((short) 0755)); // owned by the superuser
    }
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 1)) {
      producer.send(0, 1_000, 1_000, START, Duration.ofHours(1), 0.0);
    }
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "denied")
            .rotateRecords(100)
            .rotateAge(Duration.ofSeconds(1))
            .maxRetryTime(Duration.ofSeconds(20))
            .build();
    Configuration conf = hdfs.configuration();
    UserGroupInformation alice =
        UserGroupInformation.createUserForTesting("alice", new String[] {"users"});
    HdfsSink sink =
        alice.doAs((PrivilegedExceptionAction<HdfsSink>) () -> HdfsSink.start(config, conf, null));
    try {
      assertThat(sink.awaitTermination(Duration.ofMinutes(2))).as("sink stops on its own").isTrue();
    } finally {
      sink.close();
    }
    assertThat(sink.failure()).get().isInstanceOf(SinkStorageException.class);
    assertThat(sink.failure().get().getMessage())
        .contains("Permission denied")
        .contains("permanent");
    assertThat(sink.counters().rowsCommitted()).isZero();
    try (Admin admin = kafka.admin()) {
      assertThat(admin.listConsumerGroupOffsets("denied").partitionsToOffsetAndMetadata().get())
          .isEmpty();
    }
  }

  @Test
  void nameNodeRestartMidRunLosesAndDuplicatesNothing(EmbeddedKafka kafka, EmbeddedHdfs hdfs)
      throws Exception {
    String topic = "curated_nn_restart";
    kafka.createTopic(topic, 3);
    URI lake = URI.create(hdfs.uri() + "/datalake/nnrestart");
    Configuration conf = hdfs.configuration();
    // Fail fast on the client side so the sink's own retry loop is exercised.
    conf.setInt("ipc.client.connect.max.retries", 2);
    conf.setInt("ipc.client.connect.max.retries.on.timeouts", 2);
    // Generous retry budget and wait: a NameNode restart (safe mode exit, block reports) can take
    // minutes on a
    // loaded 2-core CI machine; the test is about losing/duplicating nothing, not about speed.
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "nnrestart")
            .rotateRecords(2_000)
            .rotateAge(Duration.ofMillis(500))
            .maxRetryTime(Duration.ofMinutes(5))
            .build();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3);
        HdfsSink sink = HdfsSink.start(config, conf, null)) {
      produced.addAll(producer.send(0, 20_000, 40_000, START, Duration.ofHours(2), 0.05));
      Await.until(
          Duration.ofMinutes(2), "first commits", () -> sink.counters().rowsCommitted() > 0);
      produced.addAll(producer.send(20_000, 20_000, 40_000, START, Duration.ofHours(2), 0.05));
      hdfs.miniCluster().restartNameNode(true);
      InProcessSink.awaitCommitted(sink, 40_000, Duration.ofMinutes(5), "all rows committed");
    }
    Lineage.assertExactlyOnce(produced, lake, conf);
  }
}
