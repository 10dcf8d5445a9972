package io.logpipe.sink.support;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system, as an instance a test holds, whose chosen calls fail: the next {@code
 * times} creates, renames or closes of files whose name matches throw the given {@link
 * IOException}, then the calls work again. ({@link FaultyFileSystem} instead fails every n-th call
 * under its own scheme, for runs against a broker.)
 */
public final class FaultInjectingFileSystem extends RawLocalFileSystem {

  /** The calls that can be made to fail. */
  public enum Call {
    CREATE,
    RENAME,
    CLOSE
  }

  private record Fault(
      Call call, Predicate<String> fileName, AtomicInteger left, Supplier<IOException> error) {}

  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();

  /** An initialised instance over the local disk ({@code file:} paths). */
  public static FaultInjectingFileSystem local() throws IOException {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    fs.initialize(URI.create("file:///"), new Configuration());
    return fs;
  }

  /** A failure that retrying may cure, as a DataNode pipeline error. */
  public static Supplier<IOException> transientError(String what) {
    return () -> new IOException("injected: " + what);
  }

  /** A failure that needs an operator. */
  public static Supplier<IOException> permissionDenied() {
    return () -> new AccessControlException("injected: Permission denied");
  }

  /** The next {@code times} {@code call}s on files whose name matches fail with {@code error}. */
  public void fail(Call call, Predicate<String> fileName, int times, Supplier<IOException> error) {
    faults.add(new Fault(call, fileName, new AtomicInteger(times), error));
  }

  /** Calls failed on purpose so far. */
  public int injected() {
    return injected.get();
  }

  private void check(Call call, Path file) throws IOException {
    for (Fault f : faults) {
      if (f.call() == call
          && f.fileName().test(file.getName())
          && f.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        injected.incrementAndGet();
        throw f.error().get();
      }
    }
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
    check(Call.CREATE, f);
    return closing(
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
    check(Call.CREATE, f);
    return closing(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    check(Call.RENAME, dst);
    return super.rename(src, dst);
  }

  private FSDataOutputStream closing(Path f, FSDataOutputStream out) throws IOException {
    if (out.getWrappedStream() instanceof CheckedClose) {
      return out; // one create variant calls the other
    }
    return new FSDataOutputStream(new CheckedClose(f, out), null, out.getPos());
  }

  private final class CheckedClose extends ForwardingOutputStream {
    private final Path file;

    CheckedClose(Path file, FSDataOutputStream inner) {
      super(inner);
      this.file = file;
    }

    @Override
    public void close() throws IOException {
      inner.close();
      check(Call.CLOSE, file);
    }
  }
}
