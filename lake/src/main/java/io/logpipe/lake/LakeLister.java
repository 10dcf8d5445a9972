package io.logpipe.lake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lists one directory with the caller's file system client, so that {@link HourWalker} depends on
 * none: the sink and the dashboard list with Hadoop's {@code FileSystem}, analytics with Spark's
 * Hadoop, local tools and tests with {@link LocalDirectoryLister}.
 *
 * @param <P> the caller's path type
 */
@FunctionalInterface
public interface LakeLister<P> {

  /**
   * The entries directly in {@code dir}, in any order; empty when {@code dir} does not exist (a
   * lake not written yet, or an hour directory removed while it was being walked).
   */
  Optional<List<LakeEntry<P>>> list(P dir) throws IOException;

  /**
   * A lister over a client call that returns its own status objects and throws {@link
   * FileNotFoundException} or {@link NoSuchFileException} for a missing directory, as Hadoop's
   * {@code FileSystem.listStatus} does.
   *
   * @param listing the client's listing of one directory
   * @param entry what the lake needs of one status object
   */
  static <P, S> LakeLister<P> over(StatusListing<P, S> listing, Function<S, LakeEntry<P>> entry) {
    return dir -> {
      try {
        return Optional.of(Arrays.stream(listing.list(dir)).map(entry).toList());
      } catch (FileNotFoundException | NoSuchFileException missing) {
        return Optional.empty();
      }
    };
  }

  /** A file system client's listing of one directory. */
  @FunctionalInterface
  interface StatusListing<P, S> {
    S[] list(P dir) throws IOException;
  }
}
