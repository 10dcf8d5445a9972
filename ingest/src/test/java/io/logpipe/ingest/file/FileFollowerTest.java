package io.logpipe.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.ingest.StopSignal;
import io.logpipe.testkit.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFollowerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final int LIMIT = 1_000_000;

  @TempDir Path dir;

  /** Collects lines as strings; counts delivery barriers. */
  private static final class Collector implements FileLineHandler {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger barriers = new AtomicInteger();

    @Override
    public void onLine(FileLine line) {
      lines.add(new String(line.bytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void awaitDelivered() {
      barriers.incrementAndGet();
    }
  }

  private static void append(Path file, int from, int to) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < to; i++) {
      s.append("line-").append(i).append('\n');
    }
    Files.writeString(
        file, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static List<String> expected(int from, int to) {
    List<String> l = new ArrayList<>();
    for (int i = from; i < to; i++) {
      l.add("line-" + i);
    }
    return l;
  }

  @Test
  void followsAcrossRotationsWhileTheWriterKeepsWriting() throws Exception {
    Path log = dir.resolve("access.log");
    append(log, 0, 100);
    Collector collector = new Collector();
    StopSignal stop = new StopSignal();
    AtomicReference<Throwable> loopError = new AtomicReference<>();
    try (FileFollower follower = new FileFollower(log, "access.log", dir.resolve("state"), LIMIT)) {
      Thread loop =
          new Thread(
              () -> {
                try {
                  new FollowLoop(
                          List.of(new FollowLoop.Target(follower, collector)),
                          Duration.ofMillis(5),
                          Duration.ofMillis(50))
                      .run(stop, () -> false);
                } catch (Throwable t) {
                  loopError.set(t);
                }
              },
              "follow-loop");
      loop.start();

      int next = 100;
      for (int rotation = 1; rotation <= 3; rotation++) {
        // Write in small pieces, some lines split across writes, then rotate: rename + new file.
        for (int k = 0; k < 20; k++) {
          append(log, next, next + 50);
          next += 50;
          Files.writeString(log, "line-" + next, StandardOpenOption.APPEND);
          Files.writeString(log, "\n", StandardOpenOption.APPEND);
          next++;
        }
        int target = next;
        Await.until(
            DEADLINE,
            "lines before rotation " + rotation,
            () -> collector.lines.size() >= target - 200);
        Files.move(log, dir.resolve("access.log." + rotation));
        append(
            dir.resolve("access.log." + rotation),
            next,
            next + 10); // the old file still gets written
        next += 10;
        append(log, next, next + 100);
        next += 100;
      }
      int total = next;
      Await.until(
          DEADLINE, "all lines", () -> collector.lines.size() >= total || loopError.get() != null);
      stop.stop();
      loop.join(DEADLINE.toMillis());
      assertThat(loopError.get()).isNull();
      assertThat(collector.lines).containsExactlyElementsOf(expected(0, total));
      assertThat(collector.barriers.get()).isPositive();
    }
  }

  @Test
  void truncationRestartsFromTheBeginning() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, 0, 10);
    Collector c = new Collector();
    try (FileFollower f = new FileFollower(log, "app.log", null, LIMIT)) {
      f.poll(c);
      assertThat(c.lines).hasSize(10);
      Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
      f.poll(c);
      append(log, 100, 103);
      f.poll(c);
      assertThat(c.lines.subList(10, c.lines.size()))
          .containsExactly("line-100", "line-101", "line-102");
    }
  }

  @Test
  void aPartialLineWaitsForItsNewline() throws IOException {
    Path log = dir.resolve("app.log");
    Files.writeString(log, "complete\npart");
    Collector c = new Collector();
    try (FileFollower f = new FileFollower(log, "app.log", null, LIMIT)) {
      f.poll(c);
      assertThat(c.lines).containsExactly("complete");
      Files.writeString(log, "ial\n", StandardOpenOption.APPEND);
      f.poll(c);
      assertThat(c.lines).containsExactly("complete", "partial");
    }
  }

  @Test
  void aRestartResumesAfterTheLastCheckpointWithoutSkippingOrRepeating() throws IOException {
    Path log = dir.resolve("app.log");
    Path state = dir.resolve("app.state");
    append(log, 0, 50);
    Files.writeString(log, "unfinished", StandardOpenOption.APPEND);
    Collector first = new Collector();
    try (FileFollower f = new FileFollower(log, "app.log", state, LIMIT)) {
      f.poll(first);
      f.checkpoint(first);
    }
    assertThat(first.lines).containsExactlyElementsOf(expected(0, 50));
    assertThat(FollowPosition.read(state).lineNumber()).isEqualTo(50);

    Files.writeString(log, "-line\n", StandardOpenOption.APPEND);
    append(log, 50, 60);
    Collector second = new Collector();
    try (FileFollower f = new FileFollower(log, "app.log", state, LIMIT)) {
      f.poll(second);
    }
    List<String> expectedSecond = new ArrayList<>(List.of("unfinished-line"));
    expectedSecond.addAll(expected(50, 60));
    assertThat(second.lines).containsExactlyElementsOf(expectedSecond);
  }

  @Test
  void aRotationWhileStoppedIsFinishedFromTheRotatedFileFirst() throws IOException {
    Path log = dir.resolve("app.log");
    Path state = dir.resolve("app.state");
    append(log, 0, 20);
    Collector first = new Collector();
    try (FileFollower f = new FileFollower(log, "app.log", state, LIMIT)) {
      f.poll(first);
      f.checkpoint(first);
    }
    append(log, 20, 30); // written after the stop
    Files.move(log, dir.resolve("app.log.1")); // rotated while stopped
    append(log, 30, 40);
    Collector second = new Collector();
    try (FileFollower f = new FileFollower(log, "app.log", state, LIMIT)) {
      f.poll(second); // drains the rotated file
      f.poll(second); // nothing new there: switches to the new file
    }
    assertThat(second.lines).containsExactlyElementsOf(expected(20, 40));
  }

  @Test
  void linesAppendedJustBeforeARotationAreReadBeforeSwitching() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, 0, 10);
    Collector c = new Collector();
    try (FileFollower f = new FileFollower(log, "app.log", null, LIMIT)) {
      f.poll(c);
      assertThat(c.lines).containsExactlyElementsOf(expected(0, 10));
      // Deterministic worst case: the writer appends to the old file, renames it and creates the
      // new one at the moment the follower looks at the name, after its last, empty read of the
      // old file.
      AtomicInteger rotations = new AtomicInteger();
      f.beforeNameCheck =
          () -> {
            if (rotations.getAndIncrement() == 0) {
              try {
                append(log, 10, 20);
                Files.move(log, dir.resolve("app.log.1"));
                append(log, 20, 30);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          };
      for (int i = 0; i < 4; i++) {
        f.poll(c); // drains the old file, then switches once a read of it finds nothing
      }
    }
    assertThat(c.lines).containsExactlyElementsOf(expected(0, 30));
  }

  @Test
  void stateFilesAreWrittenAtomicallyAndReadBack() throws IOException {
    Path state = dir.resolve("sub/x.state");
    new FollowPosition("(dev=1,ino=2)", 1234, 56).write(state, dir.resolve("x.log"));
    assertThat(FollowPosition.read(state)).isEqualTo(new FollowPosition("(dev=1,ino=2)", 1234, 56));
    assertThat(FollowPosition.read(dir.resolve("missing"))).isNull();
    try (OutputStream out = Files.newOutputStream(state)) {
      out.write("offset=abc\n".getBytes(StandardCharsets.UTF_8));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FollowPosition.read(state))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt");
  }
}
