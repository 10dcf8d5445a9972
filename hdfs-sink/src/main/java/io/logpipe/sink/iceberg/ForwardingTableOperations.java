package io.logpipe.sink.iceberg;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * Table operations that hand every call to the catalog's own ({@link #delegate()}): the base of the
 * wrappers that add something to one call, such as {@link OffsetGuardedOperations}' check before
 * {@link #commit}.
 */
abstract class ForwardingTableOperations implements TableOperations {

  /** The catalog's operations every call goes to. */
  protected abstract TableOperations delegate();

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    delegate().commit(base, metadata);
  }

  @Override
  public TableMetadata current() {
    return delegate().current();
  }

  @Override
  public TableMetadata refresh() {
    return delegate().refresh();
  }

  @Override
  public FileIO io() {
    return delegate().io();
  }

  @Override
  public EncryptionManager encryption() {
    return delegate().encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return delegate().metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return delegate().locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return delegate().temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return delegate().newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return delegate().requireStrictCleanup();
  }
}
