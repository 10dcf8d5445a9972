package io.logpipe.sink.support;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code faulty://}, whose Parquet files fail to close, or
 * to take a block of bytes, with a transient {@link IOException} (as a DataNode pipeline error
 * would) every {@link #failEvery(int) n}-th close or {@link #failWritesEvery(int) n}-th write while
 * armed. Register with {@link #register(Configuration)}; the lake URI is then {@code
 * faulty:///some/dir}. The fault settings are static because Hadoop instantiates file systems by
 * class name.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {

  public static final String SCHEME = "faulty";

  private static final AtomicInteger FAIL_EVERY = new AtomicInteger();
  private static final AtomicLong CLOSES = new AtomicLong();
  private static final AtomicInteger FAIL_WRITES_EVERY = new AtomicInteger();
  private static final AtomicLong WRITES = new AtomicLong();
  private static final AtomicLong INJECTED = new AtomicLong();

  private static final URI ROOT = URI.create(SCHEME + ":///");

  public static Configuration register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    return conf;
  }

  /** Fails every {@code n}-th close of a {@code .parquet} file from now on; 0 disarms. */
  public static void failEvery(int n) {
    CLOSES.set(0);
    FAIL_EVERY.set(n);
  }

  /**
   * Fails every {@code n}-th block write into a {@code .parquet} file from now on (row-group
   * flushes on the worker threads, the header when a file opens, the footer on close); 0 disarms.
   * The count is shared by every file, so with {@code n} above the writes one batch makes, a
   * retried batch is usually not hit again.
   */
  public static void failWritesEvery(int n) {
    WRITES.set(0);
    FAIL_WRITES_EVERY.set(n);
  }

  /** Closes and writes failed on purpose since the last {@link #resetCount}. */
  public static long injected() {
    return INJECTED.get();
  }

  public static void resetCount() {
    INJECTED.set(0);
  }

  @Override
  public URI getUri() {
    return ROOT; // paths keep the faulty:// scheme; the local file system does the rest
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    return wrap(
        f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    return wrap(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream wrap(Path f, FSDataOutputStream out) throws IOException {
    if (!f.getName().endsWith(".parquet") || out.getWrappedStream() instanceof FailingClose) {
      return out; // not a data file, or wrapped already (one create variant calls the other)
    }
    return new FSDataOutputStream(new FailingClose(out), null, out.getPos());
  }

  private static final class FailingClose extends ForwardingOutputStream {

    FailingClose(FSDataOutputStream inner) {
      super(inner);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int n = FAIL_WRITES_EVERY.get();
      if (n > 0 && WRITES.incrementAndGet() % n == 0) {
        INJECTED.incrementAndGet();
        throw new IOException("injected: writing a Parquet file failed");
      }
      inner.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      inner.close();
      int n = FAIL_EVERY.get();
      if (n > 0 && CLOSES.incrementAndGet() % n == 0) {
        INJECTED.incrementAndGet();
        throw new IOException("injected: closing a Parquet file failed");
      }
    }
  }
}
