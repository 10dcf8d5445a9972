package io.logpipe.sink.iceberg;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;

/**
 * The catalog's table operations with one check added to {@link #commit}: every offset the commit
 * expects (the committed offset its rows start from, per partition) must be the one stored in the
 * metadata the new snapshot was built on. The catalog's commit is a compare-and-swap on that same
 * metadata (Hadoop: the next version file must not exist yet; REST: the branch must still point at
 * its snapshot), so the check and the swap see one state: a commit that lost a race is rebuilt by
 * Iceberg on the newer state (its retry), checked again there, and refused if another instance
 * committed one of its partitions meanwhile. Never applied twice.
 */
final class OffsetGuardedOperations extends ForwardingTableOperations {

  private final TableOperations delegate;
  private final Map<String, OptionalLong> expected;

  /**
   * @param expected the offsets the commit expects, by {@link TableOffsets#key} (empty: the key
   *     must be absent)
   */
  OffsetGuardedOperations(TableOperations delegate, Map<String, OptionalLong> expected) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.expected = Map.copyOf(expected);
  }

  @Override
  protected TableOperations delegate() {
    return delegate;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    for (Map.Entry<String, OptionalLong> e : expected.entrySet()) {
      OptionalLong stored =
          base == null ? OptionalLong.empty() : TableOffsets.committed(base, e.getKey());
      if (!stored.equals(e.getValue())) {
        throw new OffsetConflictException(
            e.getKey()
                + " is "
                + describe(stored)
                + " in the table, this commit starts from "
                + describe(e.getValue()));
      }
    }
    delegate.commit(base, metadata);
  }

  private static String describe(OptionalLong offset) {
    return offset.isPresent() ? String.valueOf(offset.getAsLong()) : "absent";
  }
}
