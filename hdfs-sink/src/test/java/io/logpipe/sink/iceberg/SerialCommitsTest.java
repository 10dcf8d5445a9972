package io.logpipe.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two table instances of one sink commit in turn, on a real Hadoop-catalog table. */
class SerialCommitsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Operations counting the swaps they attempt; the first one waits for {@code release}. */
  private static final class HeldOperations extends ForwardingTableOperations {
    private final TableOperations real;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release;
    private final AtomicInteger swaps = new AtomicInteger();

    HeldOperations(TableOperations real, CountDownLatch release) {
      this.real = real;
      this.release = release;
    }

    @Override
    protected TableOperations delegate() {
      return real;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      swaps.incrementAndGet();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      real.commit(base, metadata);
    }
  }

  private static TableOperations ops(Table table) {
    return ((HasTableOperations) table).operations();
  }

  @Test
  void aSecondCommitWaitsForTheFirstAndNeitherRetries() throws Exception {
    LocalTables.hadoop(dir); // create it
    CountDownLatch release = new CountDownLatch(1);
    HeldOperations first = new HeldOperations(ops(LocalTables.hadoop(dir)), release);
    HeldOperations second = new HeldOperations(ops(LocalTables.hadoop(dir)), new CountDownLatch(0));
    Table a = new BaseTable(first, "a");
    Table b = new BaseTable(second, "b");
    SerialCommits serial = new SerialCommits();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> one = pool.submit(() -> serial.commit(a.updateProperties().set("one", "1")));
      assertThat(first.entered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      Thread[] waiter = new Thread[1];
      Future<?> two =
          pool.submit(
              () -> {
                waiter[0] = Thread.currentThread();
                serial.commit(b.updateProperties().set("two", "2"));
              });
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (waiter[0] == null || !serial.isWaiting(waiter[0])) {
        assertThat(System.nanoTime()).as("second commit queued").isLessThan(deadline);
        Thread.onSpinWait();
      }
      assertThat(second.swaps).hasValue(0); // not even its first attempt while the first swaps

      release.countDown();
      one.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      two.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    // each landed at its first attempt: the second built on the first, no optimistic retry
    assertThat(first.swaps).hasValue(1);
    assertThat(second.swaps).hasValue(1);
    Table fresh = LocalTables.hadoop(dir);
    assertThat(fresh.properties()).containsEntry("one", "1").containsEntry("two", "2");
  }
}
