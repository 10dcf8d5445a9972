package io.logpipe.sink.lake;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.logpipe.lake.HourWalker;
import io.logpipe.lake.LakeEntry;
import io.logpipe.lake.LakeLister;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** {@link LakeLister} over a Hadoop {@link FileSystem}: one {@code listStatus} per directory. */
public final class HadoopLakeLister implements LakeLister<Path> {

  private final FileSystem fs;

  public HadoopLakeLister(FileSystem fs) {
    this.fs = fs;
  }

  /** A walker of the lake's hour directories on {@code fs}. */
  public static HourWalker<Path> walker(FileSystem fs) {
    return new HourWalker<>(new HadoopLakeLister(fs));
  }

  @Override
  public Optional<List<LakeEntry<Path>>> list(Path dir) throws IOException {
    try {
      return Optional.of(Arrays.stream(fs.listStatus(dir)).map(HadoopLakeLister::entry).toList());
    } catch (FileNotFoundException missing) {
      return Optional.empty();
    }
  }

  private static LakeEntry<Path> entry(FileStatus s) {
    return new LakeEntry<>(s.getPath(), s.getPath().getName(), s.isDirectory(), s.getLen(), s.getModificationTime());
  }
}
