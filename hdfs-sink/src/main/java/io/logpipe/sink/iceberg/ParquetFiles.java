package io.logpipe.sink.iceberg;

import java.io.IOException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Iceberg's files as Parquet's, so that Parquet's own file writer can copy row groups through the
 * table's file IO (HDFS, a local directory, S3). Iceberg has the same adapters, package-private.
 */
final class ParquetFiles {

  private ParquetFiles() {}

  static org.apache.parquet.io.InputFile input(InputFile file) {
    return new org.apache.parquet.io.InputFile() {
      @Override
      public long getLength() {
        return file.getLength();
      }

      @Override
      public SeekableInputStream newStream() {
        org.apache.iceberg.io.SeekableInputStream in = file.newStream();
        return new DelegatingSeekableInputStream(in) {
          @Override
          public long getPos() throws IOException {
            return in.getPos();
          }

          @Override
          public void seek(long newPos) throws IOException {
            in.seek(newPos);
          }
        };
      }

      @Override
      public String toString() {
        return file.location();
      }
    };
  }

  /** A new file (never one that exists: a rewrite's file has a fresh name). */
  static org.apache.parquet.io.OutputFile output(OutputFile file) {
    return new org.apache.parquet.io.OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) {
        return wrap(file.create());
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return wrap(file.createOrOverwrite());
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }

      @Override
      public String getPath() {
        return file.location();
      }
    };
  }

  private static PositionOutputStream wrap(org.apache.iceberg.io.PositionOutputStream out) {
    return new DelegatingPositionOutputStream(out) {
      @Override
      public long getPos() throws IOException {
        return out.getPos();
      }
    };
  }
}
