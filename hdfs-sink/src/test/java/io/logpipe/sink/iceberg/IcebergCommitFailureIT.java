package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.EmbeddedKafka;
import io.logpipe.embedded.junit.EmbeddedKafkaExtension;
import io.logpipe.sink.RunningSink;
import io.logpipe.sink.SinkConfig;
import io.logpipe.sink.support.InProcessSink;
import io.logpipe.sink.support.Traffic;
import io.logpipe.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A commit of the running sink that fails once, injected below the sink's offset guard at the
 * catalog's swap, while events keep arriving on the real broker: the sink drops or keeps the
 * batches' files as the failure says, re-reads their partitions from the table's offsets and goes
 * on; the table ends with every event once and no missing file referenced.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class IcebergCommitFailureIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final int FAILING_APPEND = 3;

  @TempDir Path tmp;

  /** How the third append fails. */
  enum Fault {
    /** The catalog refuses it with an I/O error: nothing landed. */
    FAILED {
      @Override
      void inject(Injection i) {
        throw new UncheckedIOException(new IOException("injected: the catalog refused the commit"));
      }
    },
    /** It landed, the answer was lost; the sink finds its commit id in the table. */
    LANDED_ANSWER_LOST {
      @Override
      void inject(Injection i) {
        i.swap();
        throw unknown();
      }
    },
    /**
     * It landed, the answer was lost and the table cannot be asked right after (two refreshes
     * fail): the sink keeps the files and rewinds to what it last knew, then the offset guard
     * fences the stale re-read.
     */
    LANDED_TABLE_UNREACHABLE {
      @Override
      void inject(Injection i) {
        i.swap();
        i.interceptor().failNextRefreshes(2);
        throw unknown();
      }
    },
    /** It did not land, and the answer was lost: the files are kept, the rows read again. */
    NOT_LANDED_ANSWER_LOST {
      @Override
      void inject(Injection i) {
        throw unknown();
      }
    };

    abstract void inject(Injection i);

    static CommitStateUnknownException unknown() {
      return new CommitStateUnknownException(new IOException("injected: the answer was lost"));
    }
  }

  /** The failing commit: {@link #swap()} lets it land in the catalog. */
  record Injection(
      InterceptedCommits interceptor,
      org.apache.iceberg.TableOperations catalog,
      org.apache.iceberg.TableMetadata base,
      org.apache.iceberg.TableMetadata metadata) {
    void swap() {
      catalog.commit(base, metadata);
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aFailingCommitIsRecoveredWithoutLossOrDuplicate(Fault fault, EmbeddedKafka kafka)
      throws Exception {
    long started = System.nanoTime();
    String topic = "ice_fail_" + fault.name().toLowerCase();
    kafka.createTopic(topic, 3);
    URI lake = tmp.resolve("lake").toUri();
    Configuration conf = new Configuration();
    SinkConfig config =
        InProcessSink.config(kafka, lake, topic, "ice-" + topic)
            .rotateRecords(2_000)
            .rotateAge(Duration.ofMillis(500))
            .allowedLateness(Duration.ofMinutes(1))
            .build();
    AtomicBoolean injected = new AtomicBoolean();
    List<String> failedFiles = new CopyOnWriteArrayList<>();
    InterceptedCommits[] self = new InterceptedCommits[1];
    InterceptedCommits interceptor =
        new InterceptedCommits(
            (n, base, metadata, catalog) -> {
              if (n == FAILING_APPEND) {
                metadata
                    .currentSnapshot()
                    .addedDataFiles(catalog.io())
                    .forEach(f -> failedFiles.add(f.location()));
                injected.set(true);
                fault.inject(new Injection(self[0], catalog, base, metadata));
              }
              catalog.commit(base, metadata);
            });
    self[0] = interceptor;
    List<String> produced;
    try (Traffic traffic = Traffic.start(kafka, topic, 3, 1_000_000, 0.05);
        RunningSink sink =
            IcebergSink.start(config, IcebergTarget.hadoop(), conf, null, interceptor::wrap)) {
      Await.until(DEADLINE, "the failing commit tried", injected::get);
      long after = TableLineage.committedRows(lake, conf);
      Await.until(
          DEADLINE,
          "commits after the failure",
          () -> {
            assertThat(sink.failure()).isEmpty();
            return TableLineage.committedRows(lake, conf) > after + 2_000;
          });
      traffic.stop();
      produced = new ArrayList<>(traffic.produced());
      Await.until(
          DEADLINE,
          produced.size() + " rows in the table",
          () -> {
            assertThat(sink.failure()).isEmpty();
            return TableLineage.committedRows(lake, conf) >= produced.size();
          });
      assertThat(sink.isRunning()).isTrue();
    }
    Table table = TableLineage.table(lake, conf);
    TableLineage.assertExactlyOnce(produced, table);
    assertThat(failedFiles).isNotEmpty();
    Set<String> referenced = TableLineage.referencedFiles(table);
    switch (fault) {
      case FAILED ->
          // a failed commit's files are deleted
          assertThat(failedFiles).noneMatch(f -> exists(table, f));
      case NOT_LANDED_ANSWER_LOST -> {
        // an unknown outcome keeps them (the table might reference them): unreferenced now
        assertThat(failedFiles).allMatch(f -> exists(table, f));
        assertThat(referenced).doesNotContainAnyElementsOf(failedFiles);
      }
      default ->
          // it landed: the table serves those rows from these files, read once
          assertThat(referenced).containsAll(failedFiles);
    }
    System.out.printf(
        "%s: %d events, %d ms%n",
        fault, produced.size(), Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private static boolean exists(Table table, String location) {
    return table.io().newInputFile(location).exists();
  }
}
