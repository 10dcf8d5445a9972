package io.logpipe.sink.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFilesTest {

  /**
   * Like HDFS's DFSOutputStream after a pipeline failure: close() throws the exception the write
   * threw.
   */
  private static final class SameFailureOnClose extends OutputStream {
    final IOException failure = new IOException("All datanodes are bad");
    boolean closed;

    @Override
    public void write(int b) throws IOException {
      throw failure;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      throw failure;
    }
  }

  @Test
  void aStreamThatRethrowsItsWriteFailureOnCloseGivesTheIoExceptionNotSelfSuppression() {
    SameFailureOnClose out = new SameFailureOnClose();
    assertThatThrownBy(() -> SmallFiles.writeAndClose(out, o -> o.write(1)))
        .isSameAs(out.failure)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
    assertThat(out.closed).isTrue();
  }

  @Test
  void aDifferentFailureOnCloseIsKeptAsSuppressed() {
    IOException onWrite = new IOException("write");
    OutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() throws IOException {
            throw new IOException("close");
          }
        };
    assertThatThrownBy(
            () ->
                SmallFiles.writeAndClose(
                    out,
                    o -> {
                      throw onWrite;
                    }))
        .isSameAs(onWrite)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }

  @Test
  void writesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.commit");
    try (FileSystem fs = FileSystem.newInstance(dir.toUri(), new Configuration())) {
      SmallFiles.write(
          fs,
          new org.apache.hadoop.fs.Path(file.toUri()),
          out -> out.write("manifest".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(Files.readString(file)).isEqualTo("manifest");
  }
}
