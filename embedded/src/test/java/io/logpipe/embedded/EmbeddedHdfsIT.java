package io.logpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.embedded.junit.EmbeddedHdfsExtension;
import io.logpipe.testkit.ListeningSockets;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedHdfsExtension.class)
class EmbeddedHdfsIT {

  @Test
  void fileWrittenThroughHdfsClientReadsBackByteForByte(EmbeddedHdfs hdfs) throws Exception {
    System.out.printf(
        "EmbeddedHdfs start-up: %d ms at %s%n", hdfs.startupTime().toMillis(), hdfs.uri());
    assertThat(hdfs.uri().getScheme()).isEqualTo("hdfs");

    // Larger than one 16 MiB block, so the file spans blocks.
    byte[] data = new byte[20 * 1024 * 1024 + 12345];
    new Random(42).nextBytes(data);
    Path file = new Path("/datalake/test/blob.bin");

    try (FileSystem fs = hdfs.newFileSystem()) {
      try (FSDataOutputStream out = fs.create(file, false)) {
        out.write(data);
      }
      assertThat(fs.getFileStatus(file).getLen()).isEqualTo(data.length);
      byte[] back = new byte[data.length];
      try (FSDataInputStream in = fs.open(file)) {
        in.readFully(0, back);
      }
      assertThat(back).isEqualTo(data);
      assertThat(fs.getFileBlockLocations(fs.getFileStatus(file), 0, data.length))
          .hasSizeGreaterThan(1);
    }
  }

  @Test
  void configurationPointsClientsAtTheCluster(EmbeddedHdfs hdfs) throws Exception {
    try (FileSystem fs = FileSystem.newInstance(hdfs.configuration())) {
      assertThat(fs.getUri()).isEqualTo(hdfs.uri());
      assertThat(fs.mkdirs(new Path("/datalake/logs"))).isTrue();
      assertThat(fs.exists(new Path("/datalake/logs"))).isTrue();
    }
  }

  @Test
  void listensOnLoopbackOnly(EmbeddedHdfs hdfs) {
    List<ListeningSockets.Socket> sockets = ListeningSockets.ofThisProcess();
    assertThat(sockets).as("the NameNode and DataNode listen").isNotEmpty();
    assertThat(sockets)
        .allSatisfy(s -> assertThat(s.onLoopback()).as("%s is on loopback", s).isTrue());
  }
}
