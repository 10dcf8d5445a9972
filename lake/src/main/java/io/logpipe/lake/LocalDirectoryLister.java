package io.logpipe.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link LakeLister} over a local directory tree with {@code java.nio}. */
public final class LocalDirectoryLister implements LakeLister<Path> {

  @Override
  public Optional<List<LakeEntry<Path>>> list(Path dir) throws IOException {
    List<LakeEntry<Path>> entries = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p : (Iterable<Path>) children::iterator) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException vanished) {
          continue;
        }
        entries.add(
            new LakeEntry<>(
                p,
                p.getFileName().toString(),
                a.isDirectory(),
                a.isDirectory() ? 0 : a.size(),
                a.lastModifiedTime().toMillis()));
      }
    } catch (NoSuchFileException missing) {
      return Optional.empty();
    }
    return Optional.of(entries);
  }
}
