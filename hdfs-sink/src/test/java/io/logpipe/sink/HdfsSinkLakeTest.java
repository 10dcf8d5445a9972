package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.lake.LocalLakeFileSystem;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which file system the sink writes a lake with. */
class HdfsSinkLakeTest {

  @TempDir Path dir;

  @Test
  void aLocalDirectoryGetsTheLocalLakeFileSystemConfiguredAsHadoopWould() throws Exception {
    Configuration conf = new Configuration();
    conf.setInt("file.bytes-per-checksum", 4096);
    try (FileSystem fs = HdfsSink.openLake(dir.toUri(), conf)) {
      assertThat(fs).isInstanceOf(LocalLakeFileSystem.class);
      assertThat(fs.getConf()).isSameAs(conf);
      assertThat(((LocalFileSystem) fs).getBytesPerSum()).isEqualTo(4096);
      assertThat(fs.getUri().getScheme()).isEqualTo("file");
    }
  }

  @Test
  void aConfiguredLocalFileSystemImplementationIsRespectedUnlessItIsHadoopsOwn() throws Exception {
    Configuration conf = new Configuration();
    conf.setClass("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class, FileSystem.class);
    try (FileSystem fs = HdfsSink.openLake(dir.toUri(), conf)) {
      assertThat(fs).isExactlyInstanceOf(org.apache.hadoop.fs.RawLocalFileSystem.class);
    }
    // Shaded deployments set Hadoop's own LocalFileSystem there (service files lost): that is what
    // ours replaces.
    conf.setClass("fs.file.impl", LocalFileSystem.class, FileSystem.class);
    try (FileSystem fs = HdfsSink.openLake(dir.toUri(), conf)) {
      assertThat(fs).isInstanceOf(LocalLakeFileSystem.class);
    }
  }
}
