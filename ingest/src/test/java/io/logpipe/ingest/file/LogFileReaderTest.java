package io.logpipe.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.ingest.support.SampleLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileReaderTest {

  private static final int LIMIT = 1_000_000;

  @TempDir Path dir;

  @Test
  void readsTheApacheSampleLineByLineBytesUnchanged() throws IOException {
    Path file = SampleLog.copyTo(dir);
    List<FileLine> lines = LogFileReader.readAll(file, LIMIT);
    List<byte[]> expected = SampleLog.splitLines(Files.readAllBytes(file));
    assertThat(lines).hasSize(5_000).hasSize(expected.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i).bytes()).isEqualTo(expected.get(i));
      assertThat(lines.get(i).lineNumber()).isEqualTo(i + 1);
    }
    assertThat(lines.get(4_999).endOffset()).isEqualTo(Files.size(file));
  }

  @Test
  void readsAGzipCopyToTheSameLines() throws IOException {
    Path plain = SampleLog.copyTo(dir);
    Path gz = dir.resolve("access.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(plain, out);
    }
    List<FileLine> fromGz = LogFileReader.readAll(gz, LIMIT);
    List<FileLine> fromPlain = LogFileReader.readAll(plain, LIMIT);
    assertThat(fromGz).hasSize(5_000);
    for (int i = 0; i < fromGz.size(); i++) {
      assertThat(fromGz.get(i).bytes()).isEqualTo(fromPlain.get(i).bytes());
    }
  }

  @Test
  void crlfTerminatorsAndAnUnterminatedLastLine() throws IOException {
    Path f = dir.resolve("mixed.log");
    Files.write(f, "one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8));
    List<FileLine> lines = LogFileReader.readAll(f, LIMIT);
    assertThat(lines)
        .extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8))
        .containsExactly("one", "two", "", "three");
  }

  @Test
  void anOversizeLineIsReportedWithItsLengthAndTheNextLinesSurvive() throws IOException {
    Path f = dir.resolve("big.log");
    byte[] big = new byte[300_000];
    Arrays.fill(big, (byte) 'x');
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write("before\n".getBytes(StandardCharsets.US_ASCII));
      out.write(big);
      out.write("\nafter\n".getBytes(StandardCharsets.US_ASCII));
    }
    List<FileLine> lines = LogFileReader.readAll(f, 100_000);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).oversize()).isTrue();
    assertThat(lines.get(1).length()).isEqualTo(300_000);
    assertThat(lines.get(1).lineNumber()).isEqualTo(2);
    assertThat(new String(lines.get(2).bytes(), StandardCharsets.US_ASCII)).isEqualTo("after");
  }

  @Test
  void aBinaryFileIsStillReadAsLines() throws IOException {
    Path f = dir.resolve("image.bin");
    byte[] content = {0, 1, 2, (byte) 0xff, '\n', 0, 0, '\n', 7};
    Files.write(f, content);
    List<FileLine> lines = LogFileReader.readAll(f, LIMIT);
    assertThat(lines)
        .extracting(FileLine::bytes)
        .containsExactly(new byte[] {0, 1, 2, (byte) 0xff}, new byte[] {0, 0}, new byte[] {7});
  }

  @Test
  void missingFilesAndDirectoriesAreClearErrors() throws IOException {
    assertThatThrownBy(() -> LogFiles.expand(List.of(dir.resolve("nope.log"))))
        .isInstanceOf(InputFileException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("nope.log");
    Files.writeString(dir.resolve("b.log"), "b\n");
    Files.writeString(dir.resolve("a.log"), "a\n");
    Files.writeString(dir.resolve(".hidden"), "h\n");
    assertThat(LogFiles.expand(List.of(dir)))
        .containsExactly(dir.resolve("a.log"), dir.resolve("b.log"));
    Path locked = Files.createDirectory(dir.resolve("locked"));
    if (locked.toFile().setReadable(false)
        && !Files.isReadable(locked)) { // not when running as root
      assertThatThrownBy(() -> LogFiles.expand(List.of(locked)))
          .isInstanceOf(InputFileException.class)
          .hasMessageContaining("not readable");
    }
  }
}
