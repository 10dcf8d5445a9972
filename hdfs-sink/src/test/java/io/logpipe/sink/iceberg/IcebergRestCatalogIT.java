package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.Events;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.sink.support.Lineage;
import io.logpipe.sink.support.Traffic;
import io.logpipe.testkit.Await;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Iceberg mode through a REST catalog ({@code --catalog-uri http://...}): a real REST server
 * (Iceberg's server-side handlers over HTTP, on a Hadoop catalog in a local warehouse) in the
 * test's JVM. A commit that lost a race is refused by the server and fenced by the sink; the sink
 * restarts and shares its partitions with a second instance, every event once in the table.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class IcebergRestCatalogIT {

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final String TOPIC = "ice_rest";

  @TempDir Path tmp;

  private URI warehouse;
  private RestCatalogServer server;
  private IcebergTarget target;
  private final Configuration conf = new Configuration();

  @BeforeEach
  void startServer() throws Exception {
    warehouse = tmp.resolve("warehouse").toUri();
    Catalog backend =
        CatalogUtil.buildIcebergCatalog(
            "backend",
            Map.of(
                CatalogUtil.ICEBERG_CATALOG_TYPE,
                CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP,
                CatalogProperties.WAREHOUSE_LOCATION,
                warehouse.toString()),
            conf);
    server = new RestCatalogServer(backend);
    target = new IcebergTarget("logpipe.curated", server.uri(), Map.of());
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** A REST client of the server, as a second process would open it. */
  private Catalog client() {
    return TableCatalogs.open(warehouse, target, conf);
  }

  @Test
  void aCommitThatLostTheRaceIsRefusedByTheServerAndFencedNotApplied() throws Exception {
    Catalog ca = client();
    Catalog cb = client();
    try {
      Table a = TableCatalogs.loadOrCreate(ca, target.identifier(), "snappy");
      Table b = TableCatalogs.loadOrCreate(cb, target.identifier(), "snappy");
      List<String> sent = new ArrayList<>();
      Random rnd = new Random(11);
      new TableCommitter(a, "g", TOPIC)
          .commit(List.of(batch(a, 0, 0, 10, OptionalLong.empty(), sent, rnd)));
      // b sends its commit after a committed partition 0 from the same offset: the server checks
      // b's requirements against the newer state and refuses it; Iceberg's retry is built on a's
      // snapshot, where the offsets fence it
      AtomicBoolean raced = new AtomicBoolean();
      TableOperations rest = ((HasTableOperations) b).operations();
      Table bRacing =
          new BaseTable(
              new ForwardingTableOperations() {
                @Override
                protected TableOperations delegate() {
                  return rest;
                }

                @Override
                public void commit(TableMetadata base, TableMetadata metadata) {
                  if (raced.compareAndSet(false, true)) {
                    try {
                      new TableCommitter(a, "g", TOPIC)
                          .commit(List.of(batch(a, 0, 10, 7, OptionalLong.of(10), sent, rnd)));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                  super.commit(base, metadata);
                }
              },
              b.name());
      PartitionBatch lost = batch(bRacing, 0, 10, 7, OptionalLong.of(10), new ArrayList<>(), rnd);
      var out = new TableCommitter(bRacing, "g", TOPIC).commit(List.of(lost));

      assertThat(raced).isTrue();
      assertThat(server.refusedCommits()).as("b's first attempt refused (409)").isEqualTo(1);
      assertThat(out.committed()).isEmpty();
      assertThat(out.fenced()).containsEntry(0, OptionalLong.of(17));
      TableLineage.assertExactlyOnce(sent, a);
    } finally {
      ((Closeable) ca).close();
      ((Closeable) cb).close();
    }
  }

  @Test
  void theSinkRestartsAndSharesPartitionsThroughTheRestCatalogEveryEventOnce(EmbeddedKafka kafka)
      throws Exception {
    kafka.createTopic(TOPIC, 4);
    SinkConfig config =
        InProcessSink.config(kafka, warehouse, TOPIC, "ice-" + TOPIC)
            .zone(ZoneOffset.UTC)
            .rotateRecords(2_000)
            .rotateAge(Duration.ofMillis(500))
            .allowedLateness(Duration.ofMinutes(1))
            .build();
    List<String> produced;
    try (Traffic traffic = Traffic.start(kafka, TOPIC, 4, 1_000_000, 0.05)) {
      try (RunningSink first = IcebergSink.start(config, target, conf, null)) {
        awaitRows(1_000, first);
      }
      // restarted: the offsets come from the table's snapshots, read through the server
      try (RunningSink first = IcebergSink.start(config, target, conf, null)) {
        long restarted = rows();
        awaitRows(restarted + 1_000, first);
        try (RunningSink second = IcebergSink.start(config, target, conf, null)) {
          Await.until(
              DEADLINE,
              "both instances own partitions and the second commits",
              () -> {
                assertThat(second.failure()).isEmpty();
                return first.counters().assignedPartitions() > 0
                    && second.counters().rowsCommitted() > 500;
              });
        }
        Await.until(
            DEADLINE,
            "the first instance owns all 4 partitions again",
            () -> first.counters().assignedPartitions() == 4);
        traffic.stop();
        produced = new ArrayList<>(traffic.produced());
        awaitRows(produced.size(), first);
      }
    }
    int commits = server.commits();
    try (Closeable rest = (Closeable) client()) {
      Table table = ((Catalog) rest).loadTable(target.identifier());
      TableLineage.assertExactlyOnce(produced, table);
      // every snapshot went through the server; the table lives in its warehouse
      assertThat(table.location()).startsWith(warehouse.toString().replaceAll("/+$", ""));
      assertThat(commits).isGreaterThanOrEqualTo(Math.max(1, countSnapshots(table)));
    }
  }

  private static int countSnapshots(Table table) {
    int n = 0;
    for (var s : table.snapshots()) {
      n++;
    }
    return n;
  }

  /** Rows in the table's current snapshot, read through a REST client. */
  private long rows() throws Exception {
    try (Closeable rest = (Closeable) client()) {
      Catalog c = (Catalog) rest;
      if (!c.tableExists(target.identifier())) {
        return 0;
      }
      Table t = c.loadTable(target.identifier());
      return t.currentSnapshot() == null
          ? 0
          : Long.parseLong(t.currentSnapshot().summary().getOrDefault("total-records", "0"));
    }
  }

  private void awaitRows(long rows, RunningSink sink) throws Exception {
    Await.until(
        DEADLINE,
        rows + " rows in the table",
        () -> {
          assertThat(sink.failure()).isEmpty();
          return rows() >= rows;
        });
  }

  /** A batch of {@code count} rows of partition {@code p} at offsets {@code from...}. */
  private static PartitionBatch batch(
      Table table,
      int p,
      long from,
      int count,
      OptionalLong committed,
      List<String> keys,
      Random rnd) {
    PartitionBatch b = new PartitionBatch(table, TOPIC, p, committed, Instant.now());
    Instant t0 = Instant.parse("2026-11-23T10:15:00Z");
    for (long o = from; o < from + count; o++) {
      LogEvent e = Events.event(t0.plusSeconds(o * 60), "logs_raw", p, o, rnd);
      b.write(
          o, HourPartition.of(e.getTs(), ZoneOffset.UTC), Events.row(e), e.getTs(), Instant.now());
      keys.add(Lineage.key(e));
    }
    return b;
  }
}
