package io.logpipe.sink.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A real table whose catalog commits of the sink's appends go through a test's hook first (to fail
 * one, stall one, or lose its answer); every other call, and every other commit (hour marks,
 * rewrites), goes straight to the catalog. Handed to a running sink as {@code
 * IcebergSink.start(config, target, conf, registry, interceptor::wrap)}.
 */
final class InterceptedCommits implements TableOperations {

  /** What happens to the {@code n}th append the sink commits (1-based). */
  interface Hook {
    void commit(int n, TableMetadata base, TableMetadata metadata, TableOperations catalog);
  }

  private final Hook hook;
  private volatile TableOperations delegate;
  private final AtomicInteger appends = new AtomicInteger();
  private final AtomicInteger failingRefreshes = new AtomicInteger();

  InterceptedCommits(Hook hook) {
    this.hook = Objects.requireNonNull(hook);
  }

  /** {@code table} with its appends' commits through the hook (one table per instance). */
  Table wrap(Table table) {
    delegate = ((HasTableOperations) table).operations();
    return new BaseTable(this, table.name());
  }

  /** Appends the sink committed (or tried to) so far. */
  int appends() {
    return appends.get();
  }

  /** The next {@code count} refreshes fail (the catalog out of reach). */
  void failNextRefreshes(int count) {
    failingRefreshes.set(count);
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    Snapshot s = metadata.currentSnapshot();
    boolean append =
        s != null
            && (base == null
                || base.currentSnapshot() == null
                || s.snapshotId() != base.currentSnapshot().snapshotId())
            && DataOperations.APPEND.equals(s.operation())
            && s.summary().containsKey(TableOffsets.COMMIT_ID);
    if (append) {
      hook.commit(appends.incrementAndGet(), base, metadata, delegate);
    } else {
      delegate.commit(base, metadata);
    }
  }

  @Override
  public TableMetadata current() {
    return delegate.current();
  }

  @Override
  public TableMetadata refresh() {
    if (failingRefreshes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new UncheckedIOException(new IOException("injected: the catalog is out of reach"));
    }
    return delegate.refresh();
  }

  @Override
  public FileIO io() {
    return delegate.io();
  }

  @Override
  public EncryptionManager encryption() {
    return delegate.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return delegate.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate.requireStrictCleanup();
  }
}
