package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.EventProducer;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.testkit.Await;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Iceberg mode into an {@code s3://} bucket of a real S3 API server (S3Proxy on an in-memory
 * blob store, in the test's JVM) through Iceberg's S3FileIO, with a JDBC catalog on a SQLite file:
 * every event once across a restart, complete hours marked, every referenced file in the bucket.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class IcebergS3SinkIT {

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Instant START = Instant.parse("2025-12-24T06:00:00Z");
  private static final String ACCESS_KEY = "logpipe";
  private static final String SECRET_KEY = "logpipe-secret";
  private static final String BUCKET = "lake";

  static {
    // The SDK's default since 2.30 is a CRC trailer on every upload; checksums only where S3
    // requires them keeps the requests to what the test server is sure to check.
    System.setProperty("aws.requestChecksumCalculation", "when_required");
    System.setProperty("aws.responseChecksumValidation", "when_required");
  }

  @TempDir Path tmp;

  private BlobStoreContext blobs;
  private S3Proxy s3;

  @BeforeEach
  void startS3() throws Exception {
    blobs =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .build(BlobStoreContext.class);
    BlobStore store = blobs.getBlobStore();
    store.createContainerInLocation(null, BUCKET);
    s3 =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    s3.start();
    Await.until(Duration.ofSeconds(30), "S3Proxy started", () -> "STARTED".equals(s3.getState()));
  }

  @AfterEach
  void stopS3() throws Exception {
    if (s3 != null) {
      s3.stop();
    }
    if (blobs != null) {
      blobs.close();
    }
  }

  private IcebergTarget target() {
    return new IcebergTarget(
        "curated",
        URI.create("jdbc:sqlite:" + tmp.resolve("catalog.db")),
        Map.of(
            "s3.endpoint",
            "http://127.0.0.1:" + s3.getPort(),
            "s3.path-style-access",
            "true",
            "s3.access-key-id",
            ACCESS_KEY,
            "s3.secret-access-key",
            SECRET_KEY,
            "client.region",
            "us-east-1"));
  }

  private Table table(URI lake) {
    Catalog catalog = TableCatalogs.open(lake, target(), new Configuration());
    return catalog.loadTable(target().identifier());
  }

  private long committedRows(URI lake) {
    Catalog catalog = TableCatalogs.open(lake, target(), new Configuration());
    if (!catalog.tableExists(target().identifier())) {
      return 0;
    }
    Table t = catalog.loadTable(target().identifier());
    return t.currentSnapshot() == null
        ? 0
        : Long.parseLong(t.currentSnapshot().summary().getOrDefault("total-records", "0"));
  }

  @Test
  void intoAnS3BucketEveryEventOnceAcrossARestartAndCompleteHoursMarked(EmbeddedKafka kafka)
      throws Exception {
    String topic = "ice_s3";
    kafka.createTopic(topic, 3);
    URI lake = URI.create("s3://" + BUCKET + "/warehouse");
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "ice-" + topic)
            .zone(ZoneId.of("UTC"))
            .rotateRecords(2_000)
            .rotateAge(Duration.ofMillis(500))
            .allowedLateness(Duration.ofMinutes(1))
            .build();
    List<String> produced = new ArrayList<>();
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3)) {
      produced.addAll(producer.send(0, 3_000, 6_000, START, Duration.ofHours(2), 0.05));
    }
    try (RunningSink sink = IcebergSink.start(config, target(), new Configuration(), null)) {
      awaitRows(lake, 3_000, sink);
    }
    try (EventProducer producer = new EventProducer(kafka.bootstrapServers(), topic, 3)) {
      produced.addAll(producer.send(3_000, 3_000, 6_000, START, Duration.ofHours(2), 0.05));
    }
    try (RunningSink sink = IcebergSink.start(config, target(), new Configuration(), null)) {
      awaitRows(lake, produced.size(), sink);
      Await.until(
          DEADLINE,
          "an hour marked complete in the table",
          () -> !HourMarks.marked(table(lake).properties()).isEmpty());
    }
    Table table = table(lake);
    assertThat(table.location()).startsWith("s3://" + BUCKET + "/warehouse");
    TableLineage.assertExactlyOnce(produced, table);
    // the data files are objects in the bucket, under the table's location
    assertThat(blobs.getBlobStore().countBlobs(BUCKET)).isGreaterThan(3);
  }

  private void awaitRows(URI lake, long rows, RunningSink sink) throws Exception {
    Await.until(
        DEADLINE,
        rows + " rows in the table",
        () -> {
          assertThat(sink.failure()).isEmpty();
          return committedRows(lake) >= rows;
        });
  }
}
