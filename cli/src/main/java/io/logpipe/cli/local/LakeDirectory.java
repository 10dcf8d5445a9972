package io.logpipe.cli.local;

import io.logpipe.commandline.OsReason;
import io.logpipe.lake.LakeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local lake of {@code logpipe local}. Each run starts a new broker whose offsets start at
 * zero, while the sink recovers its progress from what the lake holds: a previous run's files would
 * be taken for this run's. So a run clears what a previous local run wrote, and refuses a directory
 * that holds anything else.
 */
final class LakeDirectory {

  /** What a local run writes at the lake root: the sink's curated tree and the analytics tables. */
  private static final Set<String> OURS = Set.of(LakeNames.CURATED, LakeNames.ANALYTICS);

  private LakeDirectory() {}

  /**
   * Makes {@code dir} an empty lake; throws with a one-line message (the path and the operating
   * system's reason) when it cannot, or when it holds data that is not a lake's.
   */
  static void prepare(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("--lake " + dir + " is a file, not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException(
          "--lake " + dir + ": cannot create the directory (" + OsReason.of(e) + ")", e);
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.toList();
    } catch (IOException e) {
      throw new IOException(
          "--lake " + dir + ": cannot list the directory (" + OsReason.of(e) + ")", e);
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (!OURS.contains(name)) {
        throw new IOException(
            "--lake "
                + dir
                + " holds '"
                + name
                + "', which a logpipe lake does not: "
                + "choose an empty directory or a previous `logpipe local` lake");
      }
    }
    try {
      for (Path entry : entries) {
        deleteRecursively(entry);
      }
    } catch (IOException e) {
      throw new IOException(
          "--lake " + dir + ": cannot clear the previous run's lake (" + OsReason.of(e) + ")", e);
    }
    if (!Files.isWritable(dir)) {
      throw new IOException(
          "--lake " + dir + ": cannot write into the directory (Permission denied)");
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
