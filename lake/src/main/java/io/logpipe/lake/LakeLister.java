package io.logpipe.lake;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Lists one directory with the caller's file system client, so that {@link HourWalker} depends on none: the sink
 * and the dashboard list with Hadoop's {@code FileSystem}, analytics with Spark's Hadoop, tests and local tools with
 * {@link LocalDirectoryLister}.
 *
 * @param <P> the caller's path type
 */
@FunctionalInterface
public interface LakeLister<P> {

  /**
   * The entries directly in {@code dir}, in any order; empty when {@code dir} does not exist (a lake not written
   * yet, or an hour directory removed while it was being walked).
   */
  Optional<List<LakeEntry<P>>> list(P dir) throws IOException;
}
