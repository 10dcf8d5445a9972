package io.logpipe.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local lake of {@code logpipe local}. Each run starts a new broker whose offsets start at zero, while the
 * sink recovers its progress from what the lake holds: a previous run's files would be taken for this run's.
 * So a run clears what a previous local run wrote, and refuses a directory that holds anything else.
 */
final class LakeDirectory {

  /** What a local run writes at the lake root: the sink's curated tree and the analytics tables. */
  private static final Set<String> OURS = Set.of("curated", "analytics");

  private LakeDirectory() {}

  /** Makes {@code dir} an empty lake; throws with a clear message when it holds data that is not a lake's. */
  static void prepare(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("--lake " + dir + " is a file, not a directory");
    }
    Files.createDirectories(dir);
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!OURS.contains(name)) {
          throw new IOException("--lake " + dir + " holds '" + name + "', which a logpipe lake does not: "
              + "choose an empty directory or a previous `logpipe local` lake");
        }
      }
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        deleteRecursively(entry);
      }
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
