package io.logpipe.sink.commit;

import io.logpipe.lake.HourPartition;
import io.logpipe.lake.LateTrace;
import io.logpipe.lake.PartFileName;
import io.logpipe.lake.SinkArea;
import io.logpipe.sink.fs.FsRetry;
import io.logpipe.sink.fs.SmallFiles;
import io.logpipe.sink.layout.LakeLayout;
import io.logpipe.sink.writer.ParquetPartitionWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a {@link PartitionBatch} to the lake:
 *
 * <ol>
 *   <li>close every writer: the temp files are complete Parquet files (still hidden); a file into
 *       an hour that already has {@code _SUCCESS} also gets its late trace, a small temp file;
 *   <li>write the {@link CommitManifest} under a temp name, then rename it to {@code
 *       <from>.commit}: <b>the commit point</b>. The name is a claim on the offset: if another
 *       instance already committed from the same offset this one was fenced off and discards its
 *       batch;
 *   <li>rename each temp file to its visible name (atomic per file, idempotent, also done by
 *       recovery);
 *   <li>delete the partition's older manifests (the latest one always stays: it records the
 *       progress).
 * </ol>
 *
 * A crash before step 2 leaves only hidden temp files (discarded by recovery); after it, recovery
 * rolls the commit forward. Readers never see a partial file.
 */
public final class BatchCommitter {

  private static final Logger log = LoggerFactory.getLogger(BatchCommitter.class);

  private final FileSystem fs;
  private final LakeLayout layout;
  private final FsRetry retry;
  private final String codecTag;

  private final ExecutorService closers;

  /**
   * A batch's writers are closed in parallel on {@code closers}: closing an HDFS file waits for the
   * NameNode to see its last block (the client polls from 400 ms on), and a batch often holds one
   * file per hour.
   */
  public BatchCommitter(
      FileSystem fs, LakeLayout layout, FsRetry retry, String codecTag, ExecutorService closers) {
    this.fs = fs;
    this.layout = layout;
    this.retry = retry;
    this.codecTag = codecTag;
    this.closers = java.util.Objects.requireNonNull(closers, "closers");
  }

  /**
   * Closes the batch's writers, writes its quarantine files and returns its manifest (nothing
   * claimed yet). An IOException here means the batch is lost: the caller aborts it and re-reads
   * from {@code from}.
   *
   * @param marked hours that already hold {@code _SUCCESS}: each file of such an hour gets a {@link
   *     LateTrace} in the same commit, listed after every data file so that recovery, which renames
   *     in manifest order, publishes it after the file it traces
   */
  public CommitManifest prepare(PartitionBatch batch, Predicate<HourPartition> marked)
      throws IOException {
    List<CommitManifest.CommitFile> files = new ArrayList<>();
    List<CommitManifest.CommitFile> traces = new ArrayList<>();
    closeAll(batch.writers());
    for (ParquetPartitionWriter w : batch.writers()) {
      PartFileName name =
          new PartFileName(
              batch.topic(), batch.partition(), w.firstOffset(), w.lastOffset(), codecTag);
      String target = w.hour().relativeDir() + "/" + name.format();
      files.add(new CommitManifest.CommitFile(relative(w.tempFile()), target, w.rows()));
      if (marked.test(w.hour())) {
        Path temp =
            new Path(
                layout.tempDir(batch.topic(), batch.partition()),
                batch.commitId() + "-late" + w.firstOffset());
        String content = LateTrace.content(name, w.rows());
        SmallFiles.write(fs, temp, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
        traces.add(
            new CommitManifest.CommitFile(
                relative(temp), w.hour().relativeDir() + "/" + LateTrace.of(name).name(), 0));
      }
    }
    files.addAll(traces);
    for (QuarantinedRecord q : batch.quarantined()) {
      Path temp =
          new Path(
              layout.tempDir(batch.topic(), batch.partition()),
              batch.commitId() + "-q" + q.offset());
      SmallFiles.write(fs, temp, out -> out.write(q.value() == null ? new byte[0] : q.value()));
      String target = SinkArea.quarantineFile(batch.topic(), batch.partition(), q.offset());
      files.add(new CommitManifest.CommitFile(relative(temp), target, 0));
    }
    return new CommitManifest(
        CommitManifest.VERSION,
        batch.commitId(),
        batch.topic(),
        batch.partition(),
        batch.from(),
        batch.to(),
        batch.maxEventMicros(),
        files);
  }

  private void closeAll(Collection<ParquetPartitionWriter> writers) throws IOException {
    if (writers.size() < 2) {
      for (ParquetPartitionWriter w : writers) {
        w.close();
      }
      return;
    }
    List<Future<?>> closing = new ArrayList<>();
    for (ParquetPartitionWriter w : writers) {
      closing.add(
          closers.submit(
              () -> {
                w.close();
                return null;
              }));
    }
    Throwable first = null;
    boolean interrupted = false;
    for (Future<?> f :
        closing) { // wait for all, so no writer is still closing when the batch is aborted
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting; the flag is restored below
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    // The same exceptions as closing them one by one would throw.
    if (first instanceof IOException io) {
      throw io;
    }
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof Error err) {
      throw err;
    }
  }

  /**
   * Writes the manifest and claims the batch's start offset. After this returns the commit is
   * durable.
   *
   * @throws FencedException when another instance committed from the same offset
   */
  public void claim(CommitManifest m) throws FencedException {
    Path tmp = new Path(layout.tempDir(m.topic(), m.partition()), m.commitId() + ".commit.tmp");
    Path target = layout.manifest(m.topic(), m.partition(), m.from());
    retry.call(
        "write commit manifest " + tmp,
        () -> {
          SmallFiles.write(fs, tmp, m::writeTo);
          return null;
        });
    boolean ours =
        retry.call(
            "claim commit " + target,
            () -> {
              if (fs.exists(target)) {
                // A retried rename may already have succeeded: our own manifest is not a
                // competitor's.
                return m.commitId().equals(read(target).commitId());
              }
              fs.mkdirs(target.getParent());
              if (fs.rename(tmp, target)) {
                return true;
              }
              if (fs.exists(target)) {
                return m.commitId().equals(read(target).commitId());
              }
              throw new IOException("rename " + tmp + " -> " + target + " failed");
            });
    if (!ours) {
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // recovery removes it
      }
      throw new FencedException(
          "Offset "
              + m.from()
              + " of "
              + m.topic()
              + "-"
              + m.partition()
              + " was already committed by another sink instance");
    }
  }

  /** Renames every file of a claimed commit to its visible name; safe to repeat. */
  public void publish(CommitManifest m) {
    for (CommitManifest.CommitFile f : m.files()) {
      Path temp = absolute(f.temp());
      Path target = absolute(f.target());
      retry.call(
          "publish " + target,
          () -> {
            publishOne(temp, target);
            return null;
          });
    }
  }

  /** Deletes this partition's manifests older than {@code m}; failures only delay the clean-up. */
  public void dropOlderManifests(CommitManifest m) {
    try {
      for (FileStatus st : fs.listStatus(layout.logDir(m.topic(), m.partition()))) {
        long from = LakeLayout.manifestFrom(st.getPath().getName());
        if (from >= 0 && from < m.from()) {
          fs.delete(st.getPath(), false);
        }
      }
    } catch (IOException e) {
      log.warn(
          "Cannot clean up old manifests of {}-{}: {}", m.topic(), m.partition(), e.toString());
    }
  }

  /**
   * Moves {@code temp} to {@code target} unless that already happened (one step of roll-forward).
   */
  public void publishOne(Path temp, Path target) throws IOException {
    if (fs.exists(target)) {
      return;
    }
    fs.mkdirs(target.getParent());
    if (!fs.rename(temp, target) && !fs.exists(target)) {
      if (!fs.exists(temp)) {
        throw new MissingCommittedFileException(
            "Neither " + temp + " nor " + target + " exists: a committed file is missing");
      }
      throw new IOException("rename " + temp + " -> " + target + " failed");
    }
  }

  public CommitManifest read(Path manifest) throws IOException {
    try (InputStream in = fs.open(manifest)) {
      return CommitManifest.readFrom(in);
    }
  }

  public Path absolute(String relative) {
    return new Path(layout.curated(), relative);
  }

  private String relative(Path p) {
    String base = layout.curated().toUri().getPath();
    String path = p.toUri().getPath();
    if (!path.startsWith(base + "/")) {
      throw new IllegalArgumentException(p + " is not under " + layout.curated());
    }
    return path.substring(base.length() + 1);
  }
}
