package io.logpipe.sink.writer;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file on a given {@link FileSystem} instance, created as parquet-hadoop's {@code
 * HadoopOutputFile} creates them; that one looks its file system up in Hadoop's cache, which may
 * hold another instance (or another implementation) than the sink's own.
 */
final class FsOutputFile implements OutputFile {

  private static final int BUFFER_SIZE = 4096;

  private final FileSystem fs;
  private final Path path;

  FsOutputFile(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = fs.makeQualified(path);
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return open(false, blockSizeHint);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return open(true, blockSizeHint);
  }

  private PositionOutputStream open(boolean overwrite, long blockSizeHint) throws IOException {
    return HadoopStreams.wrap(
        fs.create(
            path,
            overwrite,
            BUFFER_SIZE,
            fs.getDefaultReplication(path),
            Math.max(fs.getDefaultBlockSize(path), blockSizeHint)));
  }

  @Override
  public boolean supportsBlockSize() {
    return "hdfs".equals(fs.getUri().getScheme())
        || "webhdfs".equals(fs.getUri().getScheme())
        || "viewfs".equals(fs.getUri().getScheme());
  }

  @Override
  public long defaultBlockSize() {
    return fs.getDefaultBlockSize(path);
  }

  @Override
  public String getPath() {
    return path.toString();
  }
}
