package io.logpipe.ingest.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Checks and opens the input files the user named. */
public final class LogFiles {

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  /** Bytes inspected to decide whether a file looks like text. */
  static final int SNIFF_BYTES = 8192;

  private LogFiles() {}

  /**
   * Expands the user's arguments into the files to read: a file stands for itself, a directory for
   * its regular, non-hidden files in name order.
   *
   * @throws InputFileException naming the first argument that is missing or unreadable
   */
  public static List<Path> expand(List<Path> arguments) {
    if (arguments.isEmpty()) {
      throw new InputFileException("no input file given");
    }
    List<Path> files = new ArrayList<>();
    for (Path arg : arguments) {
      if (!Files.exists(arg)) {
        throw new InputFileException("input file not found: " + arg);
      }
      if (Files.isDirectory(arg)) {
        if (!Files.isReadable(arg) || !Files.isExecutable(arg)) {
          throw new InputFileException("input directory is not readable: " + arg);
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(arg)) {
          for (Path p : dir) {
            if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
              children.add(p);
            }
          }
        } catch (IOException e) {
          throw new InputFileException(
              "cannot list input directory " + arg + ": " + e.getMessage(), e);
        }
        children.sort(null);
        for (Path child : children) {
          files.add(checkReadable(child));
        }
      } else {
        files.add(checkReadable(arg));
      }
    }
    return files;
  }

  private static Path checkReadable(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InputFileException("not a regular file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new InputFileException("input file is not readable: " + file);
    }
    return file;
  }

  /** Whether the file starts with the gzip magic bytes (the name does not matter). */
  public static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
    }
  }

  /** The file's bytes, decompressed if it is gzip (multi-member archives included). */
  public static InputStream openDecoded(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    boolean gzip = raw.read() == GZIP_MAGIC_1 && raw.read() == GZIP_MAGIC_2;
    raw.reset();
    return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  /**
   * Whether a chunk from the start of a file looks binary (contains NUL bytes), worth a warning.
   */
  static boolean looksBinary(byte[] chunk, int length) {
    for (int i = 0; i < Math.min(length, SNIFF_BYTES); i++) {
      if (chunk[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
