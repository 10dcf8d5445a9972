package io.logpipe.sink.lake;

import io.logpipe.lake.HourWalker;
import io.logpipe.lake.LakeEntry;
import io.logpipe.lake.LakeLister;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lake's {@link LakeLister} on a Hadoop {@link FileSystem}: one {@code listStatus} per
 * directory.
 */
public final class HadoopLakeLister {

  private HadoopLakeLister() {}

  public static LakeLister<Path> of(FileSystem fs) {
    return LakeLister.<Path, FileStatus>over(
        fs::listStatus,
        s ->
            new LakeEntry<>(
                s.getPath(),
                s.getPath().getName(),
                s.isDirectory(),
                s.getLen(),
                s.getModificationTime()));
  }

  /** A walker of the lake's hour directories on {@code fs}. */
  public static HourWalker<Path> walker(FileSystem fs) {
    return new HourWalker<>(of(fs));
  }
}
