package io.logpipe.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system for a lake in a local directory, setting permissions through {@code
 * java.nio}. Without Hadoop's native library (never on the class path from Maven) {@link
 * RawLocalFileSystem} runs a {@code chmod} process for every file and directory it creates:
 * measured here at ~17 ms per Parquet writer opened on the sink's polling thread, about a sixth of
 * a 1.5 M-row benchmark run. Everything else is Hadoop's own (checksums, rename semantics).
 */
public final class LocalLakeFileSystem extends LocalFileSystem {

  public LocalLakeFileSystem() {
    super(new NioPermissions());
  }

  /** The raw local file system with {@link #setPermission} done in-process. */
  static final class NioPermissions extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission); // not a POSIX file system: Hadoop's own way
      }
    }
  }

  /**
   * The nine rwx bits of a POSIX mode (sticky and set-id bits are not Hadoop's business on a local
   * lake).
   */
  static Set<PosixFilePermission> posix(short mode) {
    PosixFilePermission[] byBit = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ
    };
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < byBit.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(byBit[bit]);
      }
    }
    return out;
  }
}
