package io.logpipe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local lake's file system sets the permissions Hadoop asks for, in-process, and is otherwise
 * Hadoop's.
 */
class LocalLakeFileSystemTest {

  @TempDir Path dir;

  @Test
  void createAndMkdirsApplyTheRequestedPermissionsAndRenameWorksAsInHadoop() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "022");
    try (FileSystem fs = new LocalLakeFileSystem()) {
      fs.initialize(dir.toUri(), conf);
      org.apache.hadoop.fs.Path sub = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "a/b");
      assertThat(fs.mkdirs(sub, new FsPermission((short) 0750))).isTrue();
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(sub, "_part.tmp");
      try (FSDataOutputStream out =
          fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 64 << 20, null)) {
        out.write("rows".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("a/b/_part.tmp"))))
          .isEqualTo("rw-r-----");
      fs.setPermission(file, new FsPermission((short) 0604));
      org.apache.hadoop.fs.Path published = new org.apache.hadoop.fs.Path(sub, "part.parquet");
      assertThat(fs.rename(file, published)).isTrue();

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
          .isEqualTo("rwxr-x---");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("a/b/part.parquet"))))
          .isEqualTo("rw----r--");
      assertThat(Files.readString(dir.resolve("a/b/part.parquet"))).isEqualTo("rows");
      assertThat(fs.exists(file)).isFalse();
      assertThat(fs.getFileStatus(published).getPermission().toShort()).isEqualTo((short) 0604);
    }
  }

  @Test
  void everyPermissionBitMapsToItsPosixPermission() {
    assertThat(PosixFilePermissions.toString(LocalLakeFileSystem.posix((short) 0777)))
        .isEqualTo("rwxrwxrwx");
    assertThat(PosixFilePermissions.toString(LocalLakeFileSystem.posix((short) 0421)))
        .isEqualTo("r---w---x");
    assertThat(PosixFilePermissions.toString(LocalLakeFileSystem.posix((short) 01000)))
        .isEqualTo("---------");
  }
}
